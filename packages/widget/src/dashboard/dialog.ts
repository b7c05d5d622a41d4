import { html, nothing } from 'lit';
import { errorBox, formValues, submit } from './ui';
import { DashboardElement } from './view';

export interface DialogField {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'checkbox' | 'select';
  value?: string;
  placeholder?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  options?: readonly { value: string; label: string }[];
}

export interface DialogOptions {
  title: string;
  message?: string;
  fields?: readonly DialogField[];
  confirmLabel: string;
  /** A destructive action: the confirm button is red and Cancel has the focus. */
  danger?: boolean;
  /**
   * Runs on confirm with the fields' values. A failure keeps the dialog open with the server's
   * message, so the streamer can correct and try again.
   */
  run?: (values: Record<string, string>) => Promise<void>;
}

/**
 * The one modal dialog of the dashboard (confirmations, refund, ban, restrict account). A native
 * `<dialog>`: modal focus, Escape to cancel, and focus back where it was afterwards.
 */
export class DashboardDialog extends DashboardElement {
  private options: DialogOptions | null = null;
  private resolve: ((confirmed: boolean) => void) | null = null;
  private busy = false;
  private error: unknown = null;

  async open(options: DialogOptions): Promise<boolean> {
    this.resolve?.(false);
    this.options = options;
    this.error = null;
    this.busy = false;
    this.requestUpdate();
    await this.updateComplete;
    const dialog = this.querySelector('dialog');
    dialog?.showModal();
    const first =
      options.danger && !options.fields?.length
        ? this.querySelector<HTMLElement>('[data-cancel]')
        : this.querySelector<HTMLElement>('dialog input, dialog select, [data-confirm]');
    first?.focus();
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  private close(confirmed: boolean): void {
    this.querySelector('dialog')?.close();
    const resolve = this.resolve;
    this.resolve = null;
    this.options = null;
    this.requestUpdate();
    resolve?.(confirmed);
  }

  private async confirm(event: Event): Promise<void> {
    const values = formValues(event);
    const run = this.options?.run;
    if (!run) return this.close(true);
    this.busy = true;
    this.error = null;
    this.requestUpdate();
    try {
      await run(values);
      this.busy = false;
      this.close(true);
    } catch (error) {
      this.busy = false;
      this.error = error;
      this.requestUpdate();
    }
  }

  private cancel(event: Event): void {
    event.preventDefault();
    if (!this.busy) this.close(false);
  }

  protected override render() {
    const options = this.options;
    return html`<dialog class="dialog" aria-labelledby="dialog-title" @cancel=${this.cancel}>
      ${
        options
          ? html`<form @submit=${this.confirm}>
            <h2 id="dialog-title">${options.title}</h2>
            ${options.message ? html`<p>${options.message}</p>` : nothing}
            ${(options.fields ?? []).map((field) => this.renderField(field))}
            ${errorBox(this.error)}
            <div class="actions">
              <button type="button" class="btn" data-cancel ?disabled=${this.busy} @click=${this.cancel}>${this.t('common.cancel')}</button>
              ${submit(options.confirmLabel, this.busy, this.t('common.working'), options.danger ? 'btn danger' : 'btn primary')}
            </div>
          </form>`
          : nothing
      }
    </dialog>`;
  }

  private renderField(field: DialogField) {
    const id = `dialog-${field.name}`;
    const hint = field.hint ? html`<small id="${id}-hint">${field.hint}</small>` : nothing;
    if (field.type === 'checkbox') {
      return html`<label class="check"><input type="checkbox" name=${field.name} id=${id} ?checked=${field.value === 'on'} />
        ${field.label}</label>${hint}`;
    }
    if (field.type === 'select') {
      return html`<div class="field"><label for=${id}>${field.label}</label>
        <select name=${field.name} id=${id}>
          ${(field.options ?? []).map((option) => html`<option value=${option.value} ?selected=${option.value === field.value}>${option.label}</option>`)}
        </select>${hint}</div>`;
    }
    return html`<div class="field"><label for=${id}>${field.label}</label>
      <input
        id=${id}
        name=${field.name}
        type=${field.type ?? 'text'}
        .value=${field.value ?? ''}
        placeholder=${field.placeholder ?? ''}
        autocomplete=${field.autocomplete ?? 'off'}
        aria-describedby=${field.hint ? `${id}-hint` : nothing}
        ?required=${field.required ?? false}
      />${hint}</div>`;
  }
}
