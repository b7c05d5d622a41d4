import { html, nothing } from 'lit';
import { LiveResource } from '../live-resource';
import { OVERLAY_ELEMENTS as OVERLAY_PARTS, type OverlayElement as OverlayPart, overlayUrl } from '../sdk';
import { errorBox } from '../ui';
import { Actions, DashboardElement } from '../view';
import { loadViewerScript } from '../viewer-script';

/**
 * Putting the channel on a web page and on stream: a link to the channel's tip page, the widget's
 * copy-ready snippet with a live preview in the chosen theme, and the OBS overlay URLs (all-in-one
 * and one per element) with the current key, to copy again at any time — rotating the key is a
 * separate, confirmed action — with the overlay builder (the chosen elements and theme, shown live
 * in a frame as OBS will show them) and a test alert to check the overlay.
 */
export class EmbedView extends DashboardElement {
  private theme: 'light' | 'dark' = 'light';
  private widgetLang = '';
  private overlayTheme: 'light' | 'dark' = 'dark';
  private parts = new Set<OverlayPart>(OVERLAY_PARTS);
  private readonly actions = new Actions(this);
  /** The current overlay key, or null before the first one is made. */
  private readonly overlayKey = new LiveResource<string | null>(this, {
    load: () => this.app.client.keys.overlayKey(this.app.channel?.slug ?? ''),
  });
  private readonly preview = new LiveResource<true>(this, {
    load: async () => {
      await loadViewerScript(this.app.server);
      return true;
    },
  });

  private snippet(): string {
    const { server } = this.app;
    const slug = this.app.channel?.slug ?? '';
    const attributes = [
      `channel="${slug}"`,
      `server="${server}"`,
      this.theme === 'dark' ? 'theme="dark"' : '',
      this.widgetLang ? `lang="${this.widgetLang}"` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return `<script src="${server}/widget/v1/tipchat.js" defer></script>\n<tipchat-widget ${attributes}></tipchat-widget>`;
  }

  private overlayUrl(key: string, show: readonly OverlayPart[]): string {
    return overlayUrl(this.app.server, this.app.channel?.slug ?? '', key, { show, theme: this.overlayTheme });
  }

  /** Makes the first key without asking (nothing uses one yet); replacing one breaks OBS sources, so that is confirmed. */
  private async rotate(): Promise<void> {
    const slug = this.app.channel?.slug ?? '';
    const make = async () => {
      const key = await this.app.client.keys.rotateOverlayKey(slug);
      await this.overlayKey.load(async () => key, { quiet: true });
    };
    if (!this.overlayKey.value) {
      await this.actions.run('make-key', make);
      return;
    }
    await this.app.dialog({
      title: this.t('embed.rotateTitle'),
      message: this.t('embed.rotateConfirm'),
      confirmLabel: this.t('embed.rotate'),
      danger: true,
      run: make,
    });
  }

  private overlayUrls() {
    const key = this.overlayKey.value;
    if (this.overlayKey.state === 'error') return errorBox(this.overlayKey.error);
    if (key === undefined) return html`<p class="state loading" role="status">${this.t('common.loading')}</p>`;
    if (key === null) {
      return html`<p class="notice">${this.t('embed.noKey')}</p>
        ${errorBox(this.actions.error('make-key'))}
        <div class="actions"><button type="button" class="btn" data-action="make-key" ?disabled=${this.actions.busy('make-key')}
          @click=${this.rotate}>${this.t('embed.getUrl')}</button></div>`;
    }
    const allInOne = this.overlayUrl(
      key,
      OVERLAY_PARTS.filter((p) => this.parts.has(p)),
    );
    return html`<tipchat-dash-copy name="overlay-url" .label=${this.t('embed.overlayUrl')}
        .value=${allInOne} .rows=${2}></tipchat-dash-copy>
      <h3 id="overlay-preview-title">${this.t('embed.overlayPreview')}</h3>
      <p class="muted" id="overlay-preview-hint">${this.t('embed.overlayPreviewHint')}</p>
      <div class="overlay-preview ${this.overlayTheme}">
        <iframe src=${allInOne} title=${this.t('embed.overlayPreview')} aria-describedby="overlay-preview-hint" data-preview="overlay"></iframe>
      </div>
      <h3>${this.t('embed.elementUrls')}</h3>
      ${OVERLAY_PARTS.map(
        (
          part,
        ) => html`<tipchat-dash-copy name=${`overlay-url-${part}`} .label=${this.t('embed.elementUrl', { part: this.t(`embed.part.${part}`) })}
          .value=${this.overlayUrl(key, [part])} .rows=${2}></tipchat-dash-copy>`,
      )}
      <p class="notice">${this.t('embed.keySecret')}</p>
      <div class="actions"><button type="button" class="btn" data-action="rotate-key" @click=${this.rotate}>${this.t('embed.rotate')}</button></div>`;
  }

  /** Keeps the framed 1920×1080 overlay scaled to the width of its box. */
  private readonly scaler = new ResizeObserver((entries) => {
    for (const entry of entries) (entry.target as HTMLElement).style.setProperty('--scale', String(entry.contentRect.width / 1920));
  });

  protected override updated(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.overlay-preview');
    if (box) this.scaler.observe(box);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.scaler.disconnect();
  }

  /** Applies a choice from the form and shows its effect on the snippet, preview and URL. */
  private choose(change: () => void): void {
    change();
    this.requestUpdate();
  }

  protected override render() {
    const { app } = this;
    const slug = app.channel?.slug ?? '';
    return html`<section class="page">
      <h1 tabindex="-1">${this.t('embed.title')}</h1>
      <p class="muted">${this.t('embed.tipPageIntro')}
        <a href=${`${app.server}/c/${encodeURIComponent(slug)}`} target="_blank" rel="noopener" data-action="tip-page">${this.t('embed.tipPage')}</a></p>
      <div class="grid two">
        <section class="card" aria-labelledby="embed-widget">
          <h2 id="embed-widget">${this.t('embed.widgetTitle')}</h2>
          <p class="muted">${this.t('embed.widgetIntro')}</p>
          <div class="row">
            <div class="field">
              <label for="embed-theme">${this.t('embed.theme')}</label>
              <select id="embed-theme" @change=${(e: Event) => this.choose(() => (this.theme = (e.target as HTMLSelectElement).value === 'dark' ? 'dark' : 'light'))}>
                <option value="light" ?selected=${this.theme === 'light'}>${this.t('embed.light')}</option>
                <option value="dark" ?selected=${this.theme === 'dark'}>${this.t('embed.dark')}</option>
              </select>
            </div>
            <div class="field">
              <label for="embed-lang">${this.t('embed.language')}</label>
              <select id="embed-lang" @change=${(e: Event) => this.choose(() => (this.widgetLang = (e.target as HTMLSelectElement).value))}>
                <option value="">${this.t('embed.languageAuto')}</option>
                <option value="en">English</option>
                <option value="hi">हिन्दी</option>
              </select>
            </div>
          </div>
          <tipchat-dash-copy name="snippet" .label=${this.t('embed.snippet')} .value=${this.snippet()} .rows=${4}></tipchat-dash-copy>
        </section>
        <section class="card" aria-labelledby="embed-preview">
          <h2 id="embed-preview">${this.t('embed.preview')}</h2>
          ${
            this.preview.state === 'error'
              ? errorBox(new Error(this.t('embed.previewMissing')))
              : this.preview.state === 'ready'
                ? html`<div class="preview ${this.theme}">
                  <tipchat-widget channel=${slug} server=${app.server} theme=${this.theme} lang=${this.widgetLang || nothing}></tipchat-widget>
                </div>`
                : html`<p class="state loading" role="status">${this.t('common.loading')}</p>`
          }
        </section>
        <section class="card wide" aria-labelledby="embed-overlay">
          <h2 id="embed-overlay">${this.t('embed.overlayTitle')}</h2>
          <p class="muted">${this.t('embed.overlayIntro')}</p>
          <fieldset>
            <legend>${this.t('embed.show')}</legend>
            ${OVERLAY_PARTS.map(
              (part) => html`<label class="check"><input type="checkbox" name="show" value=${part} ?checked=${this.parts.has(part)}
                @change=${(e: Event) => {
                  if ((e.target as HTMLInputElement).checked) this.parts.add(part);
                  else this.parts.delete(part);
                  this.requestUpdate();
                }} />${this.t(`embed.part.${part}`)}</label>`,
            )}
          </fieldset>
          <div class="field">
            <label for="overlay-theme">${this.t('embed.theme')}</label>
            <select id="overlay-theme" @change=${(e: Event) => this.choose(() => (this.overlayTheme = (e.target as HTMLSelectElement).value === 'light' ? 'light' : 'dark'))}>
              <option value="dark" ?selected=${this.overlayTheme === 'dark'}>${this.t('embed.dark')}</option>
              <option value="light" ?selected=${this.overlayTheme === 'light'}>${this.t('embed.light')}</option>
            </select>
          </div>
          ${this.overlayUrls()}
          <h3>${this.t('embed.testTitle')}</h3>
          <tipchat-dash-alert-controls></tipchat-dash-alert-controls>
        </section>
      </div>
    </section>`;
  }
}
