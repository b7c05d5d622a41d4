import { html, nothing, type TemplateResult } from 'lit';
import { type Locale, translate } from '../i18n/translate';
import type { DashboardApp } from './app';
import { fieldLabel } from './field-label';
import { formatAmount } from './format';
import { TipchatError } from './sdk';
import { dashboardCatalogs } from './strings/catalogs';
import type { Loader } from './view';

/**
 * The language error boxes speak when their caller passes no app (most do not): the dashboard's,
 * kept here by DashboardApp as it changes.
 */
let errorLocale: Locale = 'en';
export const setErrorLocale = (locale: Locale): void => {
  errorLocale = locale;
};

/** The problems the server named, field by field (`details` of a VALIDATION_FAILED error). */
export function fieldIssues(error: unknown): { path: string; message: string }[] {
  if (!(error instanceof TipchatError) || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (issue): issue is { path: string; message: string } =>
      typeof issue === 'object' && issue !== null && typeof issue.path === 'string' && typeof issue.message === 'string',
  );
}

/** The field an issue is about, as the form labels it: `body.password` → `Password: `. */
function fieldName(path: string, locale: Locale): string {
  const label = fieldLabel(path, locale);
  return label ? `${label}: ` : '';
}

/**
 * The message to show for a failure: the server's own words when it answered, else what went
 * wrong. Refusals whose words carry amounts in minor units ("10000 (minor units)") are said again
 * with the amount as money.
 */
export function errorText(error: unknown, locale: Locale = 'en'): string {
  if (error instanceof TipchatError) {
    const details = error.details as { minimum?: unknown; available?: unknown; currency?: unknown } | undefined;
    const money = (minor: unknown) =>
      typeof minor === 'number' && typeof details?.currency === 'string' ? formatAmount(minor, details.currency, locale) : null;
    const amount =
      error.code === 'PAYOUT_BELOW_MINIMUM'
        ? money(details?.minimum)
        : error.code === 'INSUFFICIENT_BALANCE'
          ? money(details?.available)
          : null;
    if (amount !== null) {
      const key = error.code === 'PAYOUT_BELOW_MINIMUM' ? 'payout.belowMinimum' : 'payout.notAvailable';
      return translate(dashboardCatalogs, locale, key, { amount });
    }
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * A failed action or load, as the server explained it: its message, and the fields it named. An
 * alert, so screen readers read it at once.
 */
export function errorBox(error: unknown, retry?: () => void, app?: DashboardApp): TemplateResult | typeof nothing {
  if (error === null || error === undefined) return nothing;
  const issues = fieldIssues(error);
  const locale = app?.locale ?? errorLocale;
  return html`<div class="error" role="alert" data-code=${error instanceof TipchatError ? error.code : 'ERROR'}>
    <p>${errorText(error, locale)}</p>
    ${issues.length ? html`<ul>${issues.map((issue) => html`<li>${fieldName(issue.path, locale)}${issue.message}</li>`)}</ul>` : nothing}
    ${retry && app ? html`<button type="button" class="btn small" @click=${retry}>${app.t('common.retry')}</button>` : nothing}
  </div>`;
}

export function loading(app: DashboardApp): TemplateResult {
  return html`<p class="state loading" role="status"><span class="spinner" aria-hidden="true"></span>${app.t('common.loading')}</p>`;
}

export function empty(text: string): TemplateResult {
  return html`<p class="state empty">${text}</p>`;
}

/**
 * What a loaded section shows: loading, the error with a retry, the empty notice, or the value.
 * `isEmpty` decides when the value counts as nothing to show.
 */
export function loaded<T>(
  app: DashboardApp,
  loader: Loader<T>,
  render: (value: T) => unknown,
  options: { isEmpty?: (value: T) => boolean; emptyText?: string } = {},
): unknown {
  if (loader.state === 'error') return errorBox(loader.error, () => void loader.reload(), app);
  if (loader.state !== 'ready' || loader.value === undefined) return loading(app);
  if (options.isEmpty?.(loader.value)) return empty(options.emptyText ?? app.t('common.empty'));
  return render(loader.value);
}

/** A submit button that says what it is doing while its action runs. */
export function submit(label: string, busy: boolean, busyLabel: string, classes = 'btn primary'): TemplateResult {
  return html`<button type="submit" class=${classes} ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}>${busy ? busyLabel : label}</button>`;
}

/** A short "Saved" confirmation next to a form's button, announced politely. */
export function saved(show: boolean, text: string): TemplateResult | typeof nothing {
  return show ? html`<span class="saved" role="status">${text}</span>` : nothing;
}

/**
 * Colours from the server (a tier's, the channel theme's) as custom properties for `.style`:
 * CSSOM, which a strict CSP allows where a style attribute would be refused. Only `#rrggbb`
 * values get in, so nothing else can be smuggled into the CSS.
 */
export function cssVars(vars: Record<string, string | undefined>): string {
  return Object.entries(vars)
    .filter(([, value]) => /^#[0-9a-f]{6}$/i.test(value ?? ''))
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
}

/** The form's fields as strings (checkboxes: "on" when checked, absent otherwise). */
export function formValues(event: Event): Record<string, string> {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value;
  return values;
}
