import type { Locale } from '../i18n/translate';
import { formatAmount, minorToDecimalString, parseAmount } from '../internal/format';

export { formatAmount, parseAmount };

/** Minor units as a plain number to put back in a form field: 150050 INR → "1500.50", 50000 INR → "500", 500 JPY → "500". */
export function majorText(minor: number, currency: string): string {
  return minorToDecimalString(minor, currency, { trimZeroFraction: true });
}

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

/** A duration in seconds as people say it: "10 min", "1 h", "24 h". */
export function formatDuration(seconds: number, locale: Locale): string {
  const [value, unit] =
    seconds % 86_400 === 0
      ? [seconds / 86_400, 'day']
      : seconds % 3600 === 0
        ? [seconds / 3600, 'hour']
        : seconds % 60 === 0
          ? [seconds / 60, 'minute']
          : [seconds, 'second'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

/** A local calendar date from `<input type="date">` as the instant it starts, in ISO form; null for an empty field. */
export function startOfLocalDay(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).toISOString();
}

/** The instant the local day after `value` starts: an inclusive "to" date as the exclusive bound the API takes. */
export function startOfNextLocalDay(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1).toISOString();
}

/** `YYYY-MM-DD` of the local day an instant falls in: the key of a day in the earnings chart. */
export function localDayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
