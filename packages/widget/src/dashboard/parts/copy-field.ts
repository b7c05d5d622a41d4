import { html } from 'lit';
import { DashboardElement } from '../view';

/**
 * Read-only text with a Copy button: a snippet or URL to paste elsewhere. The text stays
 * selectable in a textarea, so copying by hand works too.
 */
export class CopyField extends DashboardElement {
  static override properties = {
    value: {},
    label: {},
    name: {},
    rows: { type: Number },
  };

  value = '';
  label = '';
  name = 'copy';
  rows = 3;
  private copied = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private async copy(): Promise<void> {
    const area = this.querySelector('textarea');
    try {
      await navigator.clipboard.writeText(this.value);
    } catch {
      // No clipboard permission (an older browser, an insecure origin): copy the selection the old way.
      area?.select();
      document.execCommand('copy');
    }
    this.copied = true;
    this.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.copied = false;
      this.requestUpdate();
    }, 4000);
  }

  protected override render() {
    const id = `copy-${this.name}`;
    return html`<div class="copy-field">
      <label for=${id}>${this.label}</label>
      <textarea id=${id} name=${this.name} readonly rows=${this.rows} spellcheck="false" .value=${this.value} @focus=${(e: Event) => (e.target as HTMLTextAreaElement).select()}></textarea>
      <div class="actions">
        <button type="button" class="btn" data-action="copy-${this.name}" @click=${this.copy}>${this.t('embed.copy')}</button>
        <span class="saved" role="status">${this.copied ? this.t('embed.copied') : ''}</span>
      </div>
    </div>`;
  }
}
