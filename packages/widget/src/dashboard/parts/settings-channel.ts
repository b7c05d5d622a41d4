import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { majorText, parseAmount } from '../format';
import { type Channel, CURRENCIES, type CurrencyCode, type UpdateChannelBody } from '../sdk';
import { errorBox, formValues, saved, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

const CURRENCY_CODES = Object.keys(CURRENCIES) as CurrencyCode[];

/** A form value that is not an amount, named for the message. */
class NotAnAmount extends Error {}

/** The channel's public settings: name, description, avatar, banner and links (the tip page's), currency, tip limits and presets, theme colours. */
export class SettingsChannel extends DashboardElement {
  private readonly actions = new Actions(this);

  private async save(event: Event): Promise<void> {
    const values = formValues(event);
    const channel = this.app.channel;
    if (!channel) return;
    const updated = await this.actions.run('save', async () => {
      const body = this.changes(channel, values);
      if (Object.keys(body).length === 0) return channel;
      return this.app.client.channels.update(channel.slug, body);
    });
    if (updated) this.app.setChannel(updated);
  }

  /** Only what changed goes to the server; amounts are read in the currency chosen in the form. */
  private changes(channel: Channel, values: Record<string, string>): UpdateChannelBody {
    const currency = (values.currency ?? channel.currency) as CurrencyCode;
    const amount = (text = '') => {
      const minor = parseAmount(text, currency);
      if (minor === null) throw new NotAnAmount(this.t('common.notAnAmount', { value: text }));
      return minor;
    };
    const body: UpdateChannelBody = {};
    if (values.displayName !== channel.displayName) body.displayName = values.displayName;
    if (values.description !== channel.description) body.description = values.description;
    const avatar = values.avatarUrl?.trim() || null;
    if (avatar !== channel.avatarUrl) body.avatarUrl = avatar;
    const banner = values.bannerUrl?.trim() || null;
    if (banner !== channel.bannerUrl) body.bannerUrl = banner;
    const links = (values.links ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (links.join('\n') !== channel.links.join('\n')) body.links = links;
    if (currency !== channel.currency) body.currency = currency;
    const minTip = amount(values.minTip);
    const maxTip = amount(values.maxTip);
    if (minTip !== channel.minTip) body.minTip = minTip;
    if (maxTip !== channel.maxTip) body.maxTip = maxTip;
    const presets = (values.tipPresets ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => amount(part));
    if (presets.join() !== channel.tipPresets.join()) body.tipPresets = presets;
    const theme = {
      primaryColor: values.primaryColor ?? '',
      backgroundColor: values.backgroundColor ?? '',
      textColor: values.textColor ?? '',
    };
    // Colour inputs give lowercase hex; the stored theme may not be.
    if (JSON.stringify(theme).toLowerCase() !== JSON.stringify(channel.theme).toLowerCase()) body.theme = theme;
    return body;
  }

  protected override render() {
    const channel = this.app.channel;
    if (!channel) return nothing;
    const c = channel.currency;
    // Rendered afresh whenever the channel changes (saved here, or in another tab), so the fields show what is stored.
    const { displayName, description, avatarUrl, bannerUrl, links, currency, minTip, maxTip, tipPresets, theme } = channel;
    return keyed(
      JSON.stringify([displayName, description, avatarUrl, bannerUrl, links, currency, minTip, maxTip, tipPresets, theme]),
      html`<form @submit=${this.save} novalidate>
        <div class="field">
          <label for="set-name">${this.t('setup.name')}</label>
          <input id="set-name" name="displayName" maxlength="64" .value=${channel.displayName} />
        </div>
        <div class="field">
          <label for="set-description">${this.t('settings.description')}</label>
          <textarea id="set-description" name="description" maxlength="500" rows="3" .value=${channel.description}></textarea>
        </div>
        <div class="field">
          <label for="set-avatar">${this.t('settings.avatar')}</label>
          <div class="avatar-row">
            ${channel.avatarUrl?.startsWith('https://') ? html`<img class="avatar" src=${channel.avatarUrl} alt="" width="48" height="48" />` : nothing}
            <input id="set-avatar" name="avatarUrl" type="url" inputmode="url" .value=${channel.avatarUrl ?? ''} placeholder="https://…" />
          </div>
        </div>
        <div class="field">
          <label for="set-banner">${this.t('settings.banner')}</label>
          <input id="set-banner" name="bannerUrl" type="url" inputmode="url" .value=${channel.bannerUrl ?? ''} placeholder="https://…" />
        </div>
        <div class="field">
          <label for="set-links">${this.t('settings.links')}</label>
          <textarea id="set-links" name="links" rows="3" aria-describedby="set-links-hint" .value=${channel.links.join('\n')}></textarea>
          <small id="set-links-hint">${this.t('settings.linksHint')}</small>
        </div>
        <div class="field">
          <label for="set-currency">${this.t('setup.currency')}</label>
          <select id="set-currency" name="currency" aria-describedby="set-currency-hint">
            ${CURRENCY_CODES.map((code) => html`<option value=${code} ?selected=${code === c}>${code}</option>`)}
          </select>
          <small id="set-currency-hint">${this.t('settings.currencyHint')}</small>
        </div>
        <div class="row">
          <div class="field">
            <label for="set-min">${this.t('settings.minTip', { currency: c })}</label>
            <input id="set-min" name="minTip" inputmode="decimal" .value=${majorText(channel.minTip, c)} />
          </div>
          <div class="field">
            <label for="set-max">${this.t('settings.maxTip', { currency: c })}</label>
            <input id="set-max" name="maxTip" inputmode="decimal" .value=${majorText(channel.maxTip, c)} />
          </div>
        </div>
        <div class="field">
          <label for="set-presets">${this.t('settings.presets', { currency: c })}</label>
          <input id="set-presets" name="tipPresets" .value=${channel.tipPresets.map((p) => majorText(p, c)).join(', ')} aria-describedby="set-presets-hint" />
          <small id="set-presets-hint">${this.t('settings.presetsHint')}</small>
        </div>
        <fieldset>
          <legend>${this.t('settings.theme')}</legend>
          <div class="row">
            <label class="color"><input type="color" name="primaryColor" .value=${channel.theme.primaryColor} />${this.t('settings.primaryColor')}</label>
            <label class="color"><input type="color" name="backgroundColor" .value=${channel.theme.backgroundColor} />${this.t('settings.backgroundColor')}</label>
            <label class="color"><input type="color" name="textColor" .value=${channel.theme.textColor} />${this.t('settings.textColor')}</label>
          </div>
        </fieldset>
        ${errorBox(this.actions.error('save'))}
        <div class="actions">
          ${submit(this.t('common.save'), this.actions.busy('save'), this.t('common.saving'))}
          ${saved(this.actions.done('save'), this.t('common.saved'))}
        </div>
      </form>`,
    );
  }
}
