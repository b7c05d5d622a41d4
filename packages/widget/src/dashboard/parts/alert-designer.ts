import { html, nothing } from 'lit';
// The real overlay element, registered in the dashboard bundle too: the preview is what OBS shows.
import '../../elements/alerts/alerts';
import type { TipchatAlerts } from '../../elements/alerts/alerts';
import { formatAmount, majorText, parseAmount } from '../format';
import { LiveResource } from '../live-resource';
import type { AlertDesign, AlertSettings, AlertVariation, MediaUpload, PublicTip, RangedAlertVariation, TipTier } from '../sdk';
import { errorBox, loaded, saved, submit } from '../ui';
import { Actions, DashboardElement } from '../view';
import { type EditedVariation, variationFields } from './alert-variation-fields';

/** A new variation: what the server fills in for fields left out (alertVariationSchema's defaults). */
const BLANK: AlertVariation = {
  label: '',
  media: null,
  sound: null,
  template: null,
  layout: 'above',
  font: 'system',
  textColor: null,
  highlightColor: null,
  animationIn: 'zoom',
  animationOut: 'zoom',
  durationSeconds: null,
  volume: 80,
  tts: false,
};

const BLANK_DESIGN: AlertDesign = { default: BLANK, variations: [] };

/** -1: the default variation; otherwise the index among the ranged ones. */
type Selected = number;

/**
 * The alert designer: the default variation and variations by amount range, each with its image
 * or video, sound, text, layout, font, colours, animations, duration, volume and speech. A live
 * preview plays the real `<tipchat-alerts>` here with a sample tip (not through the server) on
 * every change; Save stores the design, and open overlays get it at once.
 */
export class AlertDesigner extends DashboardElement {
  private readonly settings = new LiveResource<AlertSettings>(this, {
    load: async () => {
      const settings = (await this.app.client.alerts.queue(this.slug)).settings;
      this.edit(settings);
      return settings;
    },
    live: {
      'alert.settings_updated': (settings, resource) => {
        resource.set(settings);
        // Saved elsewhere (another tab): take it, unless this one has changes of its own.
        if (!this.dirty) this.edit(settings);
      },
    },
  });
  private readonly actions = new Actions(this);
  private design: AlertDesign = BLANK_DESIGN;
  private selected: Selected = -1;
  private dirty = false;
  private uploads: MediaUpload[] = [];
  private tiers: TipTier[] = [];
  /** The sample tip's amount, in minor units of the channel's currency. */
  private sampleAmount = 500;
  /** An amount field that does not read as money. */
  private amountError: Error | null = null;

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private get currency(): string {
    return this.app.channel?.currency ?? 'USD';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadExtras();
  }

  /** The uploads to pick from and the tiers the sample tip takes its colour and seconds from; the designer works without them. */
  private async loadExtras(): Promise<void> {
    const [uploads, tiers] = await Promise.allSettled([this.app.client.media.list(this.slug), this.app.client.tips.tiers(this.slug)]);
    if (uploads.status === 'fulfilled') this.uploads = uploads.value.uploads;
    if (tiers.status === 'fulfilled') this.tiers = tiers.value.tiers;
    this.requestUpdate();
  }

  private edit(settings: AlertSettings): void {
    this.design = settings.design ?? BLANK_DESIGN;
    this.dirty = false;
    this.select(Math.min(this.selected, this.design.variations.length - 1));
  }

  private get variation(): EditedVariation {
    return this.selected < 0 ? this.design.default : (this.design.variations[this.selected] ?? this.design.default);
  }

  /** Shows one variation's fields, with a sample tip that it plays. */
  private select(index: Selected): void {
    this.selected = index;
    const ranged = this.design.variations[index];
    this.sampleAmount = ranged ? ranged.minAmount : this.defaultSample();
    this.requestUpdate();
  }

  /** An amount no range holds, so the sample plays the default: 5.00 if free, else just past the ranges. */
  private defaultSample(): number {
    const free = (amount: number) =>
      !this.design.variations.some((v) => amount >= v.minAmount && (v.maxAmount === null || amount < v.maxAmount));
    const candidates = [500, 100, ...this.design.variations.flatMap((v) => (v.maxAmount === null ? [] : [v.maxAmount])), 0];
    return candidates.find(free) ?? 500;
  }

  /** Changes a variation (the one shown, unless an upload finishing later names the one it was for). */
  private change(patch: Partial<RangedAlertVariation>, selected: Selected = this.selected): void {
    if (selected < 0) this.design = { ...this.design, default: { ...this.design.default, ...patch } };
    else this.design = { ...this.design, variations: this.design.variations.map((v, i) => (i === selected ? { ...v, ...patch } : v)) };
    this.dirty = true;
    this.actions.clear('save');
    void this.updateComplete.then(() => this.play());
  }

  private amount(field: 'minAmount' | 'maxAmount', text: string): void {
    this.amountError = null;
    if (field === 'maxAmount' && text.trim() === '') {
      this.change({ maxAmount: null });
      return;
    }
    const minor = parseAmount(text, this.currency);
    if (minor === null) {
      this.amountError = new Error(this.t('common.notAnAmount', { value: text }));
      this.requestUpdate();
      return;
    }
    if (field === 'minAmount') this.sampleAmount = minor;
    this.change({ [field]: minor });
  }

  private add(): void {
    const last = this.design.variations.reduce((top, v) => Math.max(top, v.maxAmount ?? v.minAmount), 0);
    const fresh: RangedAlertVariation = { ...this.design.default, label: '', minAmount: last > 0 ? last : 1_000, maxAmount: null };
    this.design = { ...this.design, variations: [...this.design.variations, fresh] };
    this.dirty = true;
    this.select(this.design.variations.length - 1);
  }

  private removeAt(index: number): void {
    this.design = { ...this.design, variations: this.design.variations.filter((_, i) => i !== index) };
    this.dirty = true;
    this.select(-1);
  }

  /** Reorders the list (the choice of a variation depends on amounts alone; the order is the streamer's). */
  private move(index: number, by: -1 | 1): void {
    const list = [...this.design.variations];
    const [moved] = list.splice(index, 1);
    if (!moved) return;
    list.splice(index + by, 0, moved);
    this.design = { ...this.design, variations: list };
    this.dirty = true;
    this.select(index + by);
  }

  private async upload(kind: 'media' | 'sound', file: File): Promise<void> {
    const target = this.selected;
    const uploaded = await this.actions.run(`upload-${kind}`, () => this.app.client.media.upload(this.slug, file));
    if (!uploaded) return;
    this.uploads = [uploaded, ...this.uploads.filter((u) => u.sha256 !== uploaded.sha256)];
    const ref = { sha256: uploaded.sha256, type: uploaded.type };
    this.change(kind === 'media' ? { media: ref } : { sound: ref }, target);
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const settings = await this.actions.run('save', () => this.app.client.alerts.updateSettings(this.slug, { design: this.design }));
    if (settings) {
      this.settings.set(settings);
      this.edit(settings);
    }
  }

  private async classic(): Promise<void> {
    const settings = await this.actions.run('save', () => this.app.client.alerts.updateSettings(this.slug, { design: null }));
    if (settings) {
      this.settings.set(settings);
      this.edit(settings);
    }
  }

  /** Plays the sample tip on the preview element with the design as edited (nothing goes to the server). */
  play(): void {
    const preview = this.querySelector<TipchatAlerts>('tipchat-alerts');
    const channel = this.app.channel;
    if (!preview || !channel) return;
    const amount = this.sampleAmount;
    const tier = [...this.tiers].reverse().find((candidate) => amount >= candidate.minAmount);
    const index = tier ? this.tiers.indexOf(tier) : 0;
    const now = new Date().toISOString();
    const tip: PublicTip = {
      id: crypto.randomUUID(),
      channelId: channel.id,
      status: 'succeeded',
      amount,
      currency: channel.currency,
      displayName: this.t('designer.sampleName'),
      message: this.t('designer.sampleMessage'),
      tier: { index, color: tier?.color ?? '#1e88e5', pinSeconds: tier?.pinSeconds ?? 0, alertSeconds: tier?.alertSeconds ?? 5 },
      createdAt: now,
      paidAt: now,
    };
    preview.preview(tip, this.design);
  }

  private rangeText(variation: RangedAlertVariation): string {
    const from = formatAmount(variation.minAmount, this.currency, this.app.locale);
    if (variation.maxAmount === null) return this.t('designer.rangeFrom', { from });
    return this.t('designer.rangeBetween', { from, to: formatAmount(variation.maxAmount, this.currency, this.app.locale) });
  }

  private list() {
    const { variations } = this.design;
    const item = (index: Selected, name: string, controls: unknown) =>
      html`<li class="designer-item ${index === this.selected ? 'selected' : ''}">
        <button type="button" class="btn small link" aria-pressed=${index === this.selected ? 'true' : 'false'} data-variation=${index < 0 ? 'default' : index}
          @click=${() => this.select(index)}>${name}</button>
        ${controls}
      </li>`;
    return html`<ol class="designer-list" aria-label=${this.t('designer.variations')}>
      ${item(-1, this.t('designer.default'), nothing)}
      ${variations.map((v, i) =>
        item(
          i,
          v.label ? `${v.label} · ${this.rangeText(v)}` : this.rangeText(v),
          html`<span class="actions">
            <button type="button" class="btn small" ?disabled=${i === 0} @click=${() => this.move(i, -1)} aria-label=${`${this.t('designer.moveUp')}: ${this.rangeText(v)}`}>↑</button>
            <button type="button" class="btn small" ?disabled=${i === variations.length - 1} @click=${() => this.move(i, 1)} aria-label=${`${this.t('designer.moveDown')}: ${this.rangeText(v)}`}>↓</button>
            <button type="button" class="btn small danger" @click=${() => this.removeAt(i)} aria-label=${`${this.t('designer.remove')}: ${this.rangeText(v)}`}>${this.t('designer.remove')}</button>
          </span>`,
        ),
      )}
    </ol>
    <button type="button" class="btn small" data-action="add-variation" ?disabled=${variations.length >= 10} @click=${() => this.add()}>${this.t('designer.add')}</button>`;
  }

  protected override render() {
    const selectedName =
      this.selected < 0 ? this.t('designer.default') : this.rangeText(this.design.variations[this.selected] as RangedAlertVariation);
    return loaded(
      this.app,
      this.settings,
      () => html`<p class="muted">${this.t('designer.intro')}</p>
        <div class="grid two designer">
          <form @submit=${this.save} novalidate aria-label=${this.t('designer.title')}>
            ${this.list()}
            <fieldset>
              <legend>${this.t('designer.editing', { name: selectedName })}</legend>
              ${variationFields(
                this.app,
                this.variation,
                this.uploads,
                this.actions.busy('upload-media') || this.actions.busy('upload-sound'),
                {
                  change: (patch) => this.change(patch),
                  amount: (field, text) => this.amount(field, text),
                  upload: (kind, file) => void this.upload(kind, file),
                },
              )}
            </fieldset>
            ${errorBox(this.amountError)} ${errorBox(this.actions.error('upload-media'))} ${errorBox(this.actions.error('upload-sound'))} ${errorBox(this.actions.error('save'))}
            <div class="actions">
              ${submit(this.t('common.save'), this.actions.busy('save'), this.t('common.saving'))}
              ${saved(this.actions.done('save'), this.t('common.saved'))}
              <button type="button" class="btn" @click=${() => void this.classic()}>${this.t('designer.classic')}</button>
            </div>
          </form>
          <section class="designer-preview" aria-labelledby="designer-preview-title">
            <h3 id="designer-preview-title">${this.t('designer.preview')}</h3>
            <div class="field">
              <label for="designer-sample">${this.t('designer.sampleAmount', { currency: this.currency })}</label>
              <input id="designer-sample" inputmode="decimal" .value=${majorText(this.sampleAmount, this.currency)}
                @change=${(e: Event) => {
                  const minor = parseAmount((e.currentTarget as HTMLInputElement).value, this.currency);
                  if (minor !== null) this.sampleAmount = minor;
                  this.play();
                }} />
            </div>
            <button type="button" class="btn" data-action="play-preview" @click=${() => this.play()}>${this.t('designer.play')}</button>
            <tipchat-alerts .server=${this.app.server} theme="dark" lang=${this.app.locale}></tipchat-alerts>
          </section>
        </div>`,
    );
  }
}
