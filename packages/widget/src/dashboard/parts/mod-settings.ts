import { html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LiveResource } from '../live-resource';
import type { ChatSettings } from '../sdk';
import { errorBox, formValues, loaded, saved, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

const FLAGS = ['enabled', 'signedInOnly', 'verifiedOnly', 'linksAllowed'] as const;

/** The chat's rules: on or off, slow mode, who may write, message length, links. */
export class ModSettings extends DashboardElement {
  private readonly settings = new LiveResource<ChatSettings>(this, {
    load: () => this.app.client.chat.settings(this.slug),
    live: {
      'chat.settings_updated': (settings, resource) => {
        this.version++;
        resource.set(settings);
      },
    },
  });
  private readonly actions = new Actions(this);
  /** Bumped when the settings change elsewhere, so the form shows them afresh. */
  private version = 0;

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async save(event: Event): Promise<void> {
    const values = formValues(event);
    const current = this.settings.value;
    if (!current) return;
    const body: Partial<ChatSettings> = {};
    for (const flag of FLAGS) if ((values[flag] === 'on') !== current[flag]) body[flag] = values[flag] === 'on';
    // An empty number field goes as NaN (null in JSON): the server says what it expects.
    const number = (text = '') => (text.trim() === '' ? Number.NaN : Number(text));
    if (values.slowModeSeconds !== String(current.slowModeSeconds)) body.slowModeSeconds = number(values.slowModeSeconds);
    if (values.maxMessageLength !== String(current.maxMessageLength)) body.maxMessageLength = number(values.maxMessageLength);
    if (Object.keys(body).length === 0) return;
    const updated = await this.actions.run('save', () => this.app.client.chat.updateSettings(this.slug, body));
    if (updated) this.settings.set(updated);
  }

  protected override render() {
    return loaded(this.app, this.settings, (s) =>
      keyed(
        this.version,
        html`<form @submit=${this.save} novalidate>
          <label class="check"><input type="checkbox" name="enabled" ?checked=${s.enabled} />${this.t('mod.chatEnabled')}</label>
          <div class="field">
            <label for="mod-slow">${this.t('mod.slowMode')}</label>
            <input id="mod-slow" name="slowModeSeconds" type="number" min="0" max="86400" step="1" .value=${String(s.slowModeSeconds)} aria-describedby="mod-slow-hint" />
            <small id="mod-slow-hint">${this.t('mod.slowModeHint')}</small>
          </div>
          <label class="check"><input type="checkbox" name="signedInOnly" ?checked=${s.signedInOnly} />${this.t('mod.signedInOnly')}</label>
          <label class="check"><input type="checkbox" name="verifiedOnly" ?checked=${s.verifiedOnly} />${this.t('mod.verifiedOnly')}</label>
          <label class="check"><input type="checkbox" name="linksAllowed" ?checked=${s.linksAllowed} />${this.t('mod.linksAllowed')}</label>
          <div class="field">
            <label for="mod-length">${this.t('mod.maxLength')}</label>
            <input id="mod-length" name="maxMessageLength" type="number" min="1" max="500" step="1" .value=${String(s.maxMessageLength)} />
          </div>
          ${errorBox(this.actions.error('save'))}
          <div class="actions">
            ${submit(this.t('common.save'), this.actions.busy('save'), this.t('common.saving'))}
            ${saved(this.actions.done('save'), this.t('common.saved'))}
          </div>
        </form>`,
      ),
    );
  }
}
