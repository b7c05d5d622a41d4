import { html } from 'lit';
import { DashboardElement } from '../view';

/** Channel settings: the channel itself, tip tiers, the goal, and alerts. */
export class SettingsView extends DashboardElement {
  protected override render() {
    return html`<section class="page">
      <h1 tabindex="-1">${this.t('settings.title')}</h1>
      <div class="grid two">
        <section class="card" aria-labelledby="settings-channel">
          <h2 id="settings-channel">${this.t('settings.channel')}</h2>
          <tipchat-dash-settings-channel></tipchat-dash-settings-channel>
        </section>
        <div class="stack">
          <section class="card" aria-labelledby="settings-goal">
            <h2 id="settings-goal">${this.t('goal.title')}</h2>
            <tipchat-dash-settings-goal></tipchat-dash-settings-goal>
          </section>
          <section class="card" aria-labelledby="settings-alerts">
            <h2 id="settings-alerts">${this.t('alerts.title')}</h2>
            <tipchat-dash-settings-alerts></tipchat-dash-settings-alerts>
          </section>
          <section class="card" aria-labelledby="settings-speech">
            <h2 id="settings-speech">${this.t('speech.title')}</h2>
            <tipchat-dash-settings-speech></tipchat-dash-settings-speech>
          </section>
        </div>
        <section class="card wide" aria-labelledby="settings-designer">
          <h2 id="settings-designer">${this.t('designer.title')}</h2>
          <tipchat-dash-alert-designer></tipchat-dash-alert-designer>
        </section>
        <section class="card wide" aria-labelledby="settings-tiers">
          <h2 id="settings-tiers">${this.t('tiers.title')}</h2>
          <tipchat-dash-settings-tiers></tipchat-dash-settings-tiers>
        </section>
      </div>
    </section>`;
  }
}
