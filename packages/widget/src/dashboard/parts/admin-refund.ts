import { html, nothing } from 'lit';
import type { TipFeedItem } from '../sdk';
import { errorBox, formValues, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/**
 * Refunding a tip on its streamer's behalf (a tipper wrote to the operator, the streamer cannot be reached): the tip's
 * id, an amount (empty: all that is left) and the reason, which the audit log keeps. The streamer's own refund path
 * does the work, so the same rules apply.
 */
export class AdminRefund extends DashboardElement {
  private readonly actions = new Actions(this);
  private refunded: TipFeedItem | null = null;

  private async refund(event: Event): Promise<void> {
    const form = event.currentTarget as HTMLFormElement;
    const { tipId = '', amount = '', reason = '' } = formValues(event);
    const tip = await this.actions.run('refund', () => {
      const minor = amount.trim() === '' ? undefined : Number(amount.trim());
      if (minor !== undefined && !Number.isSafeInteger(minor)) throw new Error(this.t('common.notAnAmount', { value: amount }));
      return this.app.client.admin.refundTip(tipId.trim(), { reason, ...(minor === undefined ? {} : { amount: minor }) });
    });
    if (tip) {
      this.refunded = tip;
      this.requestUpdate();
      form.reset();
      this.app.announce(this.t('admin.refundDone', { amount: this.app.money(tip.refundedAmount, tip.currency) }));
    }
  }

  protected override render() {
    const tip = this.refunded;
    return html`<form class="stack" @submit=${this.refund}>
        <label>${this.t('admin.tipId')} <input name="tipId" required autocomplete="off" /></label>
        <label>${this.t('admin.refundAmount')} <input name="amount" inputmode="numeric" /></label>
        <p class="muted">${this.t('admin.refundAmountHint')}</p>
        <label>${this.t('admin.reason')} <input name="reason" required /></label>
        ${submit(this.t('admin.refund'), this.actions.busy('refund'), this.t('common.working'), 'btn danger')}
        ${errorBox(this.actions.error('refund'))}
      </form>
      ${
        tip
          ? html`<p class="success" data-refunded=${tip.id} role="status">
              ${this.t('admin.refundResult', { status: tip.status, amount: this.app.money(tip.refundedAmount, tip.currency) })}
            </p>`
          : nothing
      }`;
  }
}
