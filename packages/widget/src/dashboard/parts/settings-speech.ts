import { html } from 'lit';
import { majorText, parseAmount } from '../format';
import { LiveResource } from '../live-resource';
import { TTS_VOICES, type TtsSettings, type TtsVoice } from '../sdk';
import { errorBox, formValues, loaded, saved, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** eSpeak-NG's voices by the language people know them by (names in their own language need no translation). */
const VOICE_NAMES: Record<TtsVoice, string> = {
  'en-us': 'English (US)',
  en: 'English (UK)',
  hi: 'हिन्दी',
  es: 'Español',
  'es-419': 'Español (Latinoamérica)',
  fr: 'Français',
  de: 'Deutsch',
  'pt-br': 'Português (Brasil)',
  it: 'Italiano',
  ja: '日本語',
  ta: 'தமிழ்',
  bn: 'বাংলা',
};

/**
 * How alerts are spoken on stream: the voice, its rate and volume, and the smallest tip spoken.
 * The server synthesises the speech, so OBS hears it (alerts/alert-speech.ts in the overlay).
 */
export class SettingsSpeech extends DashboardElement {
  private readonly settings = new LiveResource<TtsSettings>(this, { load: () => this.app.client.tts.settings(this.slug) });
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async save(event: Event): Promise<void> {
    const { voice = 'en-us', rate = '175', volume = '100', minAmount = '' } = formValues(event);
    const currency = this.app.channel?.currency ?? 'USD';
    const settings = await this.actions.run('save', () => {
      const minor = minAmount.trim() === '' ? 0 : parseAmount(minAmount, currency);
      if (minor === null) throw new Error(this.t('common.notAnAmount', { value: minAmount }));
      return this.app.client.tts.updateSettings(this.slug, {
        voice: voice as TtsVoice,
        rate: Number(rate),
        volume: Number(volume),
        minAmount: minor,
      });
    });
    if (settings) this.settings.set(settings);
  }

  protected override render() {
    const currency = this.app.channel?.currency ?? 'USD';
    return loaded(
      this.app,
      this.settings,
      (settings) => html`<form @submit=${this.save} novalidate>
        <p class="muted">${this.t('speech.intro')}</p>
        <div class="row">
          <div class="field">
            <label for="speech-voice">${this.t('speech.voice')}</label>
            <select id="speech-voice" name="voice">
              ${TTS_VOICES.map((voice) => html`<option value=${voice} ?selected=${voice === settings.voice}>${VOICE_NAMES[voice]}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="speech-rate">${this.t('speech.rate')}</label>
            <input id="speech-rate" name="rate" type="number" min="80" max="400" step="5" .value=${String(settings.rate)} />
          </div>
          <div class="field">
            <label for="speech-volume">${this.t('speech.volume')}</label>
            <input id="speech-volume" name="volume" type="number" min="0" max="100" step="5" .value=${String(settings.volume)} />
          </div>
        </div>
        <div class="field">
          <label for="speech-min">${this.t('speech.minAmount', { currency })}</label>
          <input id="speech-min" name="minAmount" inputmode="decimal" .value=${majorText(settings.minAmount, currency)} aria-describedby="speech-min-hint" />
          <small id="speech-min-hint">${this.t('speech.minAmountHint')}</small>
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
