import { html } from 'lit';
import { DashboardElement } from '../view';

/** The live tips feed with its filters, totals and per-tip actions; the alert queue's controls above it. */
export class TipsView extends DashboardElement {
  protected override render() {
    return html`<section class="page">
      <div class="page-head">
        <h1 tabindex="-1">${this.t('tips.title')}</h1>
        <tipchat-dash-alert-controls></tipchat-dash-alert-controls>
      </div>
      <tipchat-dash-tip-feed></tipchat-dash-tip-feed>
    </section>`;
  }
}
