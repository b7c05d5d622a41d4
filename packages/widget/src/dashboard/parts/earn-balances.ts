import { html, nothing } from 'lit';
import { LiveResource } from '../live-resource';
import type { Balance } from '../sdk';
import { loaded } from '../ui';
import { DashboardElement } from '../view';

/**
 * The streamer's money per currency: available to pay out, pending (in the hold after a tip),
 * in transit, paid out. `full` adds the minimum payout and a hint per bucket; without it, the
 * overview's short summary. Tips and payouts update it live.
 */
export class EarnBalances extends DashboardElement {
  static override properties = { full: { type: Boolean } };

  full = false;
  // Several tips or payout changes in a row: one reload after they settle.
  readonly balances = new LiveResource<Balance[]>(this, {
    load: () => this.app.client.payouts.balances(),
    reloadOn: ['payout.updated', 'tip.updated'],
    settleMs: 300,
  });

  protected override render() {
    const body = loaded(
      this.app,
      this.balances,
      (balances) => html`<div class="balances">
        ${balances.map((b) => {
          const money = (minor: number) => this.app.money(minor, b.currency);
          return html`<dl class="balance" data-currency=${b.currency}>
            <div class="main"><dt>${this.t('earn.available')}</dt><dd data-bucket="available" class=${b.available < 0 ? 'negative' : ''}>${money(b.available)}</dd></div>
            <div><dt>${this.t('earn.pending')}</dt><dd data-bucket="pending">${money(b.pending)}</dd></div>
            <div><dt>${this.t('earn.inTransit')}</dt><dd data-bucket="inTransit">${money(b.inTransit)}</dd></div>
            <div><dt>${this.t('earn.paidOut')}</dt><dd data-bucket="paidOut">${money(b.paidOut)}</dd></div>
            ${this.full ? html`<div><dt>${this.t('earn.minimum')}</dt><dd>${money(b.minimumPayout)}</dd></div>` : nothing}
          </dl>`;
        })}
        ${this.full ? html`<p class="muted">${this.t('earn.bucketsHint')}</p>` : nothing}
      </div>`,
      { isEmpty: (b) => b.length === 0, emptyText: this.t('earn.noBalance') },
    );
    return this.full
      ? body
      : html`<div class="card-head"><h2>${this.t('earn.balances')}</h2><a href=${this.app.path('earnings')}>${this.t('nav.earnings')}</a></div>${body}`;
  }
}
