import { html, nothing, type TemplateResult } from 'lit';
import type { DashboardApp } from '../app';
import { majorText } from '../format';
import {
  ALERT_ANIMATIONS,
  ALERT_FONTS,
  ALERT_LAYOUTS,
  type AlertVariation,
  BUILTIN_SOUNDS,
  type MediaUpload,
  mediaKind,
  type RangedAlertVariation,
} from '../sdk';
import type { DashboardKey } from '../strings/catalogs';

/** A variation as the designer edits it: the default has no range. */
export type EditedVariation = AlertVariation | RangedAlertVariation;

/** What the fields report: a change to the variation, an amount typed, or a file chosen to upload. */
export interface VariationFieldEvents {
  change(patch: Partial<RangedAlertVariation>): void;
  amount(field: 'minAmount' | 'maxAmount', text: string): void;
  upload(kind: 'media' | 'sound', file: File): void;
}

const isRanged = (variation: EditedVariation): variation is RangedAlertVariation => 'minAmount' in variation;

/** `sha256:type` names an upload in a `<select>`; `builtin:<name>` a built-in sound. */
const uploadValue = (ref: { sha256: string; type: string }) => `${ref.sha256}:${ref.type}`;

function shortName(upload: MediaUpload): string {
  return `${upload.type.split('/')[1]} · ${upload.sha256.slice(0, 8)} · ${Math.ceil(upload.size / 1024)} KB`;
}

/**
 * The fields of one variation: its range (not the default's), image or video, sound, text,
 * layout, font, colours, animations, duration, volume and speech. Ids carry no index: one
 * variation is edited at a time.
 */
export function variationFields(
  app: DashboardApp,
  variation: EditedVariation,
  uploads: readonly MediaUpload[],
  uploading: boolean,
  on: VariationFieldEvents,
): TemplateResult {
  const t = app.t.bind(app);
  const currency = app.channel?.currency ?? 'USD';
  const images = uploads.filter((u) => mediaKind(u.type) !== 'audio');
  const sounds = uploads.filter((u) => mediaKind(u.type) === 'audio');
  const sound = variation.sound;
  const soundValue = sound === null ? '' : 'builtin' in sound ? `builtin:${sound.builtin}` : uploadValue(sound);
  const pick = (list: readonly MediaUpload[], value: string) => list.find((u) => uploadValue(u) === value);
  const file = (kind: 'media' | 'sound') => (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    input.value = '';
    if (chosen) on.upload(kind, chosen);
  };
  const select = <T extends string>(
    id: string,
    label: string,
    options: readonly T[],
    value: T,
    key: (option: T) => DashboardKey,
    apply: (v: T) => void,
  ) =>
    html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} @change=${(e: Event) => apply((e.currentTarget as HTMLSelectElement).value as T)}>
        ${options.map((option) => html`<option value=${option} ?selected=${option === value}>${t(key(option))}</option>`)}
      </select>
    </div>`;
  const colour = (id: 'textColor' | 'highlightColor', fallback: string) => {
    const value = variation[id];
    return html`<div class="field inline">
      <label><input type="checkbox" id=${`designer-${id}-own`} .checked=${value !== null}
        @change=${(e: Event) => on.change({ [id]: (e.currentTarget as HTMLInputElement).checked ? fallback : null })} />
        ${t(`designer.${id}`)}</label>
      <input type="color" aria-label=${t(`designer.${id}`)} .value=${value ?? fallback} ?disabled=${value === null}
        @input=${(e: Event) => on.change({ [id]: (e.currentTarget as HTMLInputElement).value })} />
    </div>`;
  };

  return html`
    <div class="field">
      <label for="designer-label">${t('designer.label')}</label>
      <input id="designer-label" maxlength="40" .value=${variation.label} @change=${(e: Event) => on.change({ label: (e.currentTarget as HTMLInputElement).value })} />
    </div>
    ${
      isRanged(variation)
        ? html`<div class="grid two">
            <div class="field">
              <label for="designer-min">${t('designer.minAmount', { currency })}</label>
              <input id="designer-min" inputmode="decimal" .value=${majorText(variation.minAmount, currency)}
                @change=${(e: Event) => on.amount('minAmount', (e.currentTarget as HTMLInputElement).value)} />
            </div>
            <div class="field">
              <label for="designer-max">${t('designer.maxAmount', { currency })}</label>
              <input id="designer-max" inputmode="decimal" aria-describedby="designer-max-hint"
                .value=${variation.maxAmount === null ? '' : majorText(variation.maxAmount, currency)}
                @change=${(e: Event) => on.amount('maxAmount', (e.currentTarget as HTMLInputElement).value)} />
              <small id="designer-max-hint">${t('designer.maxAmountHint')}</small>
            </div>
          </div>`
        : nothing
    }
    <div class="field">
      <label for="designer-media">${t('designer.media')}</label>
      <select id="designer-media" @change=${(e: Event) => {
        const chosen = pick(images, (e.currentTarget as HTMLSelectElement).value);
        on.change({ media: chosen ? { sha256: chosen.sha256, type: chosen.type } : null });
      }}>
        <option value="" ?selected=${variation.media === null}>${t('designer.none')}</option>
        ${images.map((u) => html`<option value=${uploadValue(u)} ?selected=${variation.media !== null && uploadValue(variation.media) === uploadValue(u)}>${shortName(u)}</option>`)}
      </select>
      <label class="upload">${t('designer.uploadMedia')}
        <input type="file" accept="image/png,image/jpeg,image/gif,image/webp,video/webm,video/mp4" ?disabled=${uploading} @change=${file('media')} /></label>
    </div>
    <div class="field">
      <label for="designer-sound">${t('designer.sound')}</label>
      <select id="designer-sound" @change=${(e: Event) => {
        const value = (e.currentTarget as HTMLSelectElement).value;
        const builtin = BUILTIN_SOUNDS.find((name) => value === `builtin:${name}`);
        const chosen = pick(sounds, value);
        on.change({ sound: builtin ? { builtin } : chosen ? { sha256: chosen.sha256, type: chosen.type } : null });
      }}>
        <option value="" ?selected=${soundValue === ''}>${t('designer.none')}</option>
        ${BUILTIN_SOUNDS.map((name) => html`<option value=${`builtin:${name}`} ?selected=${soundValue === `builtin:${name}`}>${t('designer.builtin', { name })}</option>`)}
        ${sounds.map((u) => html`<option value=${uploadValue(u)} ?selected=${soundValue === uploadValue(u)}>${t('designer.uploaded', { name: shortName(u) })}</option>`)}
      </select>
      <label class="upload">${t('designer.uploadSound')}
        <input type="file" accept="audio/mpeg,audio/ogg,audio/wav,.mp3,.ogg,.wav" ?disabled=${uploading} @change=${file('sound')} /></label>
      <small>${uploading ? t('designer.uploading') : t('designer.uploadHint')}</small>
    </div>
    <div class="field">
      <label for="designer-template">${t('designer.template')}</label>
      <input id="designer-template" maxlength="200" aria-describedby="designer-template-hint" .value=${variation.template ?? ''}
        @change=${(e: Event) => on.change({ template: (e.currentTarget as HTMLInputElement).value.trim() || null })} />
      <small id="designer-template-hint">${t('designer.templateHint')}</small>
    </div>
    <div class="grid two">
      ${select(
        'designer-layout',
        t('designer.layout'),
        ALERT_LAYOUTS,
        variation.layout,
        (o) => `designer.layout.${o}` as const,
        (layout) => on.change({ layout }),
      )}
      ${select(
        'designer-font',
        t('designer.font'),
        ALERT_FONTS,
        variation.font,
        (o) => `designer.font.${o}` as const,
        (font) => on.change({ font }),
      )}
      ${select(
        'designer-in',
        t('designer.animationIn'),
        ALERT_ANIMATIONS,
        variation.animationIn,
        (o) => `designer.animation.${o}` as const,
        (animationIn) => on.change({ animationIn }),
      )}
      ${select(
        'designer-out',
        t('designer.animationOut'),
        ALERT_ANIMATIONS,
        variation.animationOut,
        (o) => `designer.animation.${o}` as const,
        (animationOut) => on.change({ animationOut }),
      )}
    </div>
    <div class="grid two">
      ${colour('textColor', '#ffffff')}
      ${colour('highlightColor', '#f59e0b')}
    </div>
    <div class="grid two">
      <div class="field">
        <label for="designer-duration">${t('designer.duration')}</label>
        <input id="designer-duration" type="number" min="1" max="60" aria-describedby="designer-duration-hint" .value=${variation.durationSeconds?.toString() ?? ''}
          @change=${(e: Event) => {
            const value = (e.currentTarget as HTMLInputElement).valueAsNumber;
            on.change({ durationSeconds: Number.isFinite(value) ? Math.min(60, Math.max(1, Math.round(value))) : null });
          }} />
        <small id="designer-duration-hint">${t('designer.durationHint')}</small>
      </div>
      <div class="field">
        <label for="designer-volume">${t('designer.volume')} (${variation.volume})</label>
        <input id="designer-volume" type="range" min="0" max="100" step="5" .value=${String(variation.volume)}
          @change=${(e: Event) => on.change({ volume: (e.currentTarget as HTMLInputElement).valueAsNumber })} />
      </div>
    </div>
    <div class="field inline">
      <label><input type="checkbox" id="designer-tts" .checked=${variation.tts} @change=${(e: Event) => on.change({ tts: (e.currentTarget as HTMLInputElement).checked })} />
        ${t('designer.tts')}</label>
    </div>
  `;
}
