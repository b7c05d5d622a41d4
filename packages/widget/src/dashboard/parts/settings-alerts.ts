import { html } from 'lit';
import { majorText, parseAmount } from '../format';
import { LiveResource } from '../live-resource';
import type { AlertSettings } from '../sdk';
import { errorBox, formValues, loaded, saved, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** The smallest tip that plays an alert on stream (smaller ones still show in chat). */
export class SettingsAlerts extends DashboardElement {
  private readonly settings = new LiveResource<AlertSettings>(this, {
    load: async () => (await this.app.client.alerts.queue(this.slug)).settings,
    live: { 'alert.settings_updated': (settings, resource) => resource.set(settings) },
  });
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async save(event: Event): Promise<void> {
    const { minAmount = '' } = formValues(event);
    const currency = this.app.channel?.currency ?? 'USD';
    const settings = await this.actions.run('save', () => {
      const minor = minAmount.trim() === '' ? 0 : parseAmount(minAmount, currency);
      if (minor === null) throw new Error(this.t('common.notAnAmount', { value: minAmount }));
      return this.app.client.alerts.updateSettings(this.slug, { minAmount: minor });
    });
    if (settings) this.settings.set(settings);
  }

  protected override render() {
    const currency = this.app.channel?.currency ?? 'USD';
    return loaded(
      this.app,
      this.settings,
      (settings) => html`<form @submit=${this.save} novalidate>
        <div class="field">
          <label for="alert-min">${this.t('alerts.minAmount', { currency })}</label>
          <input id="alert-min" name="minAmount" inputmode="decimal" .value=${majorText(settings.minAmount, currency)} aria-describedby="alert-min-hint" />
          <small id="alert-min-hint">${this.t('alerts.minAmountHint')}</small>
        </div>
        ${errorBox(this.actions.error('save'))}
        <div class="actions">
          ${submit(this.t('common.save'), this.actions.busy('save'), this.t('common.saving'))}
          ${saved(this.actions.done('save'), this.t('common.saved'))}
        </div>
      </form>`,
    );
  }
}
