import { html, nothing } from 'lit';
import { LiveResource } from '../live-resource';
import { errorBox } from '../ui';
import { DashboardElement } from '../view';
import { loadViewerScript } from '../viewer-script';

const OVERLAY_PARTS = ['alerts', 'goal', 'chat', 'leaderboard'] as const;
type OverlayPart = (typeof OVERLAY_PARTS)[number];

/**
 * Putting the channel on a web page and on stream: the widget's copy-ready snippet with a live
 * preview in the chosen theme, and the OBS overlay URL — its key is shown only when rotated, since
 * the server keeps just a hash — with a test alert to check the overlay.
 */
export class EmbedView extends DashboardElement {
  private theme: 'light' | 'dark' = 'light';
  private widgetLang = '';
  private overlayTheme: 'light' | 'dark' = 'dark';
  private parts = new Set<OverlayPart>(OVERLAY_PARTS);
  private overlayKey = '';
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

  private overlayUrl(): string {
    const slug = this.app.channel?.slug ?? '';
    const query = new URLSearchParams({
      key: this.overlayKey,
      show: OVERLAY_PARTS.filter((p) => this.parts.has(p)).join(','),
      theme: this.overlayTheme,
    });
    return `${this.app.server}/overlay/${encodeURIComponent(slug)}?${query}`;
  }

  private async rotate(): Promise<void> {
    const slug = this.app.channel?.slug ?? '';
    await this.app.dialog({
      title: this.t('embed.rotateTitle'),
      message: this.overlayKey ? this.t('embed.rotateAgain') : this.t('embed.rotateConfirm'),
      confirmLabel: this.t('embed.rotate'),
      danger: true,
      run: async () => {
        this.overlayKey = await this.app.client.keys.rotateOverlayKey(slug);
        this.requestUpdate();
      },
    });
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
          ${
            this.overlayKey
              ? html`<tipchat-dash-copy name="overlay-url" .label=${this.t('embed.overlayUrl')} .value=${this.overlayUrl()} .rows=${2}></tipchat-dash-copy>
                <p class="notice">${this.t('embed.keyOnce')}</p>`
              : html`<p class="notice">${this.t('embed.noKey')}</p>`
          }
          <div class="actions">
            <button type="button" class="btn" data-action="rotate-key" @click=${this.rotate}>${this.overlayKey ? this.t('embed.rotate') : this.t('embed.getUrl')}</button>
          </div>
          <h3>${this.t('embed.testTitle')}</h3>
          <tipchat-dash-alert-controls></tipchat-dash-alert-controls>
        </section>
      </div>
    </section>`;
  }
}
