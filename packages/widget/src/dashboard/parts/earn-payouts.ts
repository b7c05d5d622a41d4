import { html, nothing } from 'lit';
import { formatDateTime, parseAmount, startOfLocalDay, startOfNextLocalDay } from '../format';
import { LiveResource } from '../live-resource';
import type { Beneficiary, CurrencyCode, Payout } from '../sdk';
import { empty, errorBox, formValues, loaded, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

interface History {
  payouts: Payout[];
  nextCursor: string | null;
}

/**
 * Asking for a payout (an amount, or everything available; to a chosen verified beneficiary for
 * INR) and the payout history, which follows each payout's status live; plus the CSV statement.
 */
export class EarnPayouts extends DashboardElement {
  static override properties = { beneficiaries: { attribute: false }, historyOnly: { type: Boolean, attribute: 'history-only' } };

  /** The verified beneficiaries the form offers (INR); set by the earnings view. */
  beneficiaries: Beneficiary[] = [];
  /** No payout form: this server cannot pay out (the earnings view says why). */
  historyOnly = false;
  private readonly history = new LiveResource<History>(this, {
    load: () => this.app.client.payouts.payouts({ limit: 20 }),
    live: { 'payout.updated': (payout) => this.upsert(payout) },
  });
  private readonly actions = new Actions(this);

  private get currency(): CurrencyCode {
    return this.app.channel?.currency ?? 'USD';
  }

  private upsert(payout: Payout): void {
    const current = this.history.value;
    if (!current) return;
    const exists = current.payouts.some((p) => p.id === payout.id);
    this.history.set({
      ...current,
      payouts: exists ? current.payouts.map((p) => (p.id === payout.id ? payout : p)) : [payout, ...current.payouts],
    });
  }

  private async request(event: Event): Promise<void> {
    const { amount = '', beneficiaryId = '' } = formValues(event);
    const form = event.currentTarget as HTMLFormElement;
    const currency = this.currency;
    const payout = await this.actions.run('request', () => {
      const minor = amount.trim() === '' ? undefined : parseAmount(amount, currency);
      if (minor === null) throw new Error(this.t('common.notAnAmount', { value: amount }));
      return this.app.client.payouts.requestPayout({
        currency,
        ...(minor === undefined ? {} : { amount: minor }),
        ...(beneficiaryId ? { beneficiaryId } : {}),
      });
    });
    if (payout) {
      form.reset();
      this.upsert(payout);
      this.app.announce(this.t('payout.requested', { amount: this.app.money(payout.amount, payout.currency) }));
    }
  }

  private async older(): Promise<void> {
    const current = this.history.value;
    if (!current?.nextCursor) return;
    const page = await this.actions.run('older', () => this.app.client.payouts.payouts({ limit: 20, before: current.nextCursor }));
    if (page) this.history.set({ payouts: [...current.payouts, ...page.payouts], nextCursor: page.nextCursor });
  }

  private async statement(event: Event): Promise<void> {
    const { from = '', to = '' } = formValues(event);
    const currency = this.currency;
    const csv = await this.actions.run('statement', () =>
      this.app.client.payouts.statementCsv({
        currency,
        from: startOfLocalDay(from) ?? undefined,
        to: startOfNextLocalDay(to) ?? undefined,
      }),
    );
    if (csv === undefined) return;
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `tipchat-statement-${currency}${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv`;
    link.hidden = true;
    this.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  protected override render() {
    const verified = this.beneficiaries.filter((b) => b.verification === 'valid');
    const currency = this.currency;
    return html`${this.historyOnly ? nothing : this.renderRequest(verified, currency)}
      <h3>${this.t('payout.history')}</h3>
      ${loaded(this.app, this.history, (history) => this.renderHistory(history))}
      <form class="statement-form" @submit=${this.statement} novalidate>
        <h3>${this.t('payout.statement')}</h3>
        <div class="row">
          <div class="field"><label for="statement-from">${this.t('tips.from')}</label><input id="statement-from" name="from" type="date" aria-describedby="statement-hint" /></div>
          <div class="field"><label for="statement-to">${this.t('tips.to')}</label><input id="statement-to" name="to" type="date" aria-describedby="statement-hint" /></div>
        </div>
        <small id="statement-hint">${this.t('payout.statementHint')}</small>
        ${errorBox(this.actions.error('statement'))}
        <div class="actions">${submit(this.t('payout.download'), this.actions.busy('statement'), this.t('common.working'), 'btn')}</div>
      </form>`;
  }

  private renderRequest(verified: Beneficiary[], currency: CurrencyCode) {
    return html`<form class="payout-form" @submit=${this.request} novalidate>
        <h3>${this.t('payout.requestTitle')}</h3>
        <div class="row">
          <div class="field">
            <label for="payout-amount">${this.t('payout.amount', { currency })}</label>
            <input id="payout-amount" name="amount" inputmode="decimal" placeholder=${this.t('payout.all')} aria-describedby="payout-amount-hint" />
            <small id="payout-amount-hint">${this.t('payout.amountHint')}</small>
          </div>
          ${
            currency === 'INR'
              ? html`<div class="field grow">
                <label for="payout-beneficiary">${this.t('payout.to')}</label>
                <select id="payout-beneficiary" name="beneficiaryId">
                  <option value="">${this.t('payout.onlyVerified')}</option>
                  ${verified.map((b) => html`<option value=${b.id}>${b.name} · ${b.kind === 'upi' ? b.vpaMasked : b.accountMasked}</option>`)}
                </select>
              </div>`
              : nothing
          }
        </div>
        ${errorBox(this.actions.error('request'))}
        <div class="actions">${submit(this.t('payout.request'), this.actions.busy('request'), this.t('common.working'))}</div>
      </form>`;
  }

  private renderHistory({ payouts, nextCursor }: History) {
    if (payouts.length === 0) return empty(this.t('payout.none'));
    const locale = this.app.locale;
    return html`<ul class="list payouts">
        ${payouts.map(
          (p) => html`<li data-payout=${p.id} data-status=${p.status}>
            <div>
              <strong>${this.app.money(p.amount, p.currency)}</strong>
              <span class="badge payout-${p.status}">${this.t(`payout.status.${p.status}`)}</span>
              <span class="muted">${formatDateTime(p.createdAt, locale)}${p.origin === 'sweep' ? ` · ${this.t('payout.automatic')}` : ''}</span>
              ${p.providerReference ? html`<small class="muted">${this.t('payout.reference', { ref: p.providerReference })}</small>` : nothing}
              ${p.failureReason ? html`<p class="error-text">${p.failureReason}</p>` : nothing}
            </div>
          </li>`,
        )}
      </ul>
      ${nextCursor ? html`<button type="button" class="btn small" ?disabled=${this.actions.busy('older')} @click=${this.older}>${this.t('chat.older')}</button>` : nothing}
      ${errorBox(this.actions.error('older'))}`;
  }
}
