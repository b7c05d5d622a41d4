import { html, nothing } from 'lit';
import { LiveResource } from '../live-resource';
import type { EarnBeneficiaries } from '../parts/earn-beneficiaries';
import type { Beneficiary, PayoutAvailability } from '../sdk';
import { loaded } from '../ui';
import { DashboardElement } from '../view';

/**
 * Earnings and payouts: balances by state, tips per day, where payouts go (INR: bank accounts and
 * UPI ids; other currencies: the streamer's Stripe account), payouts and their history, automatic
 * payouts, and the CSV statement. On a server that cannot pay out in the channel's currency (no
 * payout rail configured) it says so and why, and offers none of what would fail.
 */
export class EarningsView extends DashboardElement {
  private beneficiaries: Beneficiary[] = [];
  private readonly availability = new LiveResource<PayoutAvailability>(this, { load: () => this.app.client.payouts.availability() });

  /** The payout form offers the verified beneficiaries: follow the list as it changes. */
  private beneficiariesChanged(event: Event): void {
    this.beneficiaries = [...((event.currentTarget as EarnBeneficiaries).beneficiaries.value ?? [])];
    this.requestUpdate();
  }

  protected override render() {
    return html`<section class="page">
      <h1 tabindex="-1">${this.t('earnings.title')}</h1>
      ${loaded(this.app, this.availability, (availability) => this.renderPage(availability))}
    </section>`;
  }

  private renderPage(availability: PayoutAvailability) {
    const inr = availability.currency === 'INR';
    const canPay = availability.available;
    return html`${
      canPay
        ? nothing
        : html`<div class="notice" role="status" data-payouts="unavailable">
            <h2>${this.t('payout.unavailableTitle')}</h2>
            <p>${this.t(inr ? 'payout.unavailableInr' : 'payout.unavailableStripe', { currency: availability.currency })}</p>
          </div>`
    }
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
          !canPay
            ? nothing
            : inr
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
          ${canPay ? html`<tipchat-dash-earn-schedule></tipchat-dash-earn-schedule>` : nothing}
          <tipchat-dash-earn-payouts .beneficiaries=${this.beneficiaries} ?history-only=${!canPay}></tipchat-dash-earn-payouts>
        </section>
      </div>`;
  }
}
