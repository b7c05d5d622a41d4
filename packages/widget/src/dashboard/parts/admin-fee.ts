import { html } from 'lit';
import { formatDateTime, majorText, parseAmount } from '../format';
import { CURRENCIES, type CurrencyCode, type PlatformFeeSetting, type PlatformFees } from '../sdk';
import { errorBox, formValues, loaded, saved, submit } from '../ui';
import { Actions, DashboardElement, Loader } from '../view';

const CODES = Object.keys(CURRENCIES) as CurrencyCode[];

/**
 * The platform fee: the setting new tips are quoted (percentage plus a fixed part per currency), a form for a new one
 * with its reason, and the history. Tips already started keep the fee they were quoted.
 */
export class AdminFee extends DashboardElement {
  private readonly fees = new Loader<PlatformFees>(this);
  private readonly actions = new Actions(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.fees.load(() => this.app.client.admin.fees());
  }

  private async save(event: Event): Promise<void> {
    const values = formValues(event);
    const result = await this.actions.run('fee', () => {
      const percent = Number((values.percent ?? '').trim());
      if (!Number.isFinite(percent) || (values.percent ?? '').trim() === '')
        throw new Error(this.t('common.notAnAmount', { value: values.percent ?? '' }));
      const fixed: Partial<Record<CurrencyCode, number>> = {};
      for (const code of CODES) {
        const text = (values[`fixed-${code}`] ?? '').trim();
        if (text === '') continue;
        const minor = parseAmount(text, code);
        if (minor === null) throw new Error(this.t('common.notAnAmount', { value: text }));
        fixed[code] = minor;
      }
      return this.app.client.admin.setFee({ basisPoints: Math.round(percent * 100), fixed, reason: values.reason ?? '' });
    });
    if (result) this.fees.set(result);
  }

  private describe(setting: PlatformFeeSetting): string {
    const fixed = Object.entries(setting.fixed)
      .filter(([, minor]) => typeof minor === 'number' && minor > 0)
      .map(([code, minor]) => this.app.money(minor as number, code));
    return [`${setting.basisPoints / 100} %`, ...fixed].join(' + ');
  }

  protected override render() {
    const { app } = this;
    return loaded(
      app,
      this.fees,
      ({ current, history }) => html`<p data-fee="current">
          <strong>${this.t('admin.feeNow')}</strong> <span class="fee-now">${this.describe(current)}</span>
          <span class="muted">${current.source === 'config' ? this.t('admin.feeFromConfig') : ''}</span>
        </p>
        <form class="stack" @submit=${this.save}>
          <label>${this.t('admin.feePercent')}
            <input name="percent" inputmode="decimal" required .value=${String(current.basisPoints / 100)} /></label>
          <fieldset>
            <legend>${this.t('admin.feeFixed')}</legend>
            ${CODES.map(
              (code) => html`<label>${code} <input name="fixed-${code}" inputmode="decimal"
                .value=${current.fixed[code] ? majorText(current.fixed[code] as number, code) : ''} /></label>`,
            )}
          </fieldset>
          <label>${this.t('admin.reason')} <input name="reason" required /></label>
          <p class="muted">${this.t('admin.feeHint')}</p>
          ${submit(this.t('common.save'), this.actions.busy('fee'), this.t('common.saving'))}
          ${saved(this.actions.done('fee'), this.t('common.saved'))}
          ${errorBox(this.actions.error('fee'))}
        </form>
        <h3>${this.t('admin.feeHistory')}</h3>
        <ol class="list fee-history">
          ${history.map(
            (setting) => html`<li>
              <strong>${this.describe(setting)}</strong>
              <span class="muted">${setting.effectiveAt ? formatDateTime(setting.effectiveAt, app.locale) : ''} · ${setting.reason}</span>
            </li>`,
          )}
        </ol>`,
    );
  }
}
