import { html } from 'lit';
import type { EarnBeneficiaries } from '../parts/earn-beneficiaries';
import type { Beneficiary } from '../sdk';
import { DashboardElement } from '../view';

/**
 * Earnings and payouts: balances by state, tips per day, where payouts go (INR: bank accounts and
 * UPI ids; other currencies: the streamer's Stripe account), payouts and their history, automatic
 * payouts, and the CSV statement.
 */
export class EarningsView extends DashboardElement {
  private beneficiaries: Beneficiary[] = [];

  /** The payout form offers the verified beneficiaries: follow the list as it changes. */
  private beneficiariesChanged(event: Event): void {
    this.beneficiaries = [...((event.currentTarget as EarnBeneficiaries).beneficiaries.value ?? [])];
    this.requestUpdate();
  }

  protected override render() {
    const { app } = this;
    const inr = app.channel?.currency === 'INR';
    return html`<section class="page">
      <h1 tabindex="-1">${this.t('earnings.title')}</h1>
      <div class="grid two">
        <section class="card" aria-labelledby="earn-balances">
          <h2 id="earn-balances">${this.t('earn.balances')}</h2>
          <tipchat-dash-balances full></tipchat-dash-balances>
        </section>
        <section class="card" aria-labelledby="earn-chart">
          <h2 id="earn-chart">${this.t('earn.chartTitle')}</h2>
          <tipchat-dash-earn-chart></tipchat-dash-earn-chart>
        </section>
        ${
          inr
            ? html`<section class="card" aria-labelledby="earn-beneficiaries">
              <h2 id="earn-beneficiaries">${this.t('benef.title')}</h2>
              <tipchat-dash-earn-beneficiaries @tipchat-dash-beneficiaries-changed=${this.beneficiariesChanged}></tipchat-dash-earn-beneficiaries>
            </section>`
            : html`<section class="card" aria-labelledby="earn-stripe">
              <h2 id="earn-stripe">${this.t('stripe.title')}</h2>
              <tipchat-dash-earn-stripe></tipchat-dash-earn-stripe>
            </section>`
        }
        <section class="card" aria-labelledby="earn-payouts">
          <h2 id="earn-payouts">${this.t('payout.title')}</h2>
          <tipchat-dash-earn-schedule></tipchat-dash-earn-schedule>
          <tipchat-dash-earn-payouts .beneficiaries=${this.beneficiaries}></tipchat-dash-earn-payouts>
        </section>
      </div>
    </section>`;
  }
}
