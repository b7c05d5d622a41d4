import { html } from 'lit';
import type { PlatformTotals } from '../sdk';
import { formValues, loaded } from '../ui';
import { DashboardElement, Loader } from '../view';

/** Platform money by UTC day and currency: what tippers paid, the platform's fees, refunds, disputes and payouts. */
export class AdminTotals extends DashboardElement {
  private readonly totals = new Loader<PlatformTotals>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.totals.load(() => this.app.client.admin.totals());
  }

  private range(event: Event): void {
    const { from = '', to = '' } = formValues(event);
    void this.totals.load(() => this.app.client.admin.totals({ ...(from ? { from } : {}), ...(to ? { to } : {}) }));
  }

  protected override render() {
    const { app } = this;
    const value = this.totals.value;
    return html`<form class="inline" @submit=${this.range}>
        <label>${this.t('admin.from')} <input name="from" type="date" .value=${value?.from ?? ''} /></label>
        <label>${this.t('admin.to')} <input name="to" type="date" .value=${value?.to ?? ''} /></label>
        <button type="submit" class="btn">${this.t('admin.show')}</button>
      </form>
      ${loaded(
        app,
        this.totals,
        (totals) => html`<div class="table-scroll"><table class="admin-totals">
          <thead><tr>
            <th>${this.t('admin.day')}</th><th>${this.t('admin.currency')}</th><th>${this.t('admin.tipsCount')}</th>
            <th>${this.t('admin.volume')}</th><th>${this.t('admin.fees')}</th><th>${this.t('admin.refunds')}</th>
            <th>${this.t('admin.disputes')}</th><th>${this.t('admin.payouts')}</th>
          </tr></thead>
          <tbody>
            ${totals.days.map(
              (row) => html`<tr data-day=${row.day} data-currency=${row.currency}>
                <td>${row.day}</td><td>${row.currency}</td><td>${row.tips}</td>
                <td data-figure="volume">${app.money(row.volume, row.currency)}</td>
                <td data-figure="fees">${app.money(row.fees, row.currency)}</td>
                <td data-figure="refunds">${app.money(row.refunds, row.currency)}</td>
                <td data-figure="disputes">${app.money(row.disputes, row.currency)}</td>
                <td data-figure="payouts">${app.money(row.payouts, row.currency)}</td>
              </tr>`,
            )}
          </tbody>
        </table></div>`,
        { isEmpty: (totals) => totals.days.length === 0, emptyText: this.t('admin.noMoney') },
      )}`;
  }
}
