import type { Locale } from '../i18n/translate';
import { formatAmount, minorToDecimalString, parseAmount } from '../internal/format';

export { formatAmount, parseAmount };

/** Minor units as a plain number to put back in a form field: 150050 INR → "1500.50", 50000 INR → "500", 500 JPY → "500". */
export function majorText(minor: number, currency: string): string {
  return minorToDecimalString(minor, currency, { trimZeroFraction: true });
}

/**
 * Every date and time the dashboard shows goes through the four functions below, so they all read
 * alike in one language ("6 Dec 2026, 07:30"): no view formats a date by itself (a test holds
 * the dashboard's sources to that).
 */
const STYLES = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  day: { day: 'numeric', month: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatWhen(when: string | Date, locale: Locale, style: keyof typeof STYLES): string {
  const key = `${locale} ${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, STYLES[style]);
    formatters.set(key, formatter);
  }
  return formatter.format(typeof when === 'string' ? new Date(when) : when);
}

/** "6 Dec 2026, 07:30": a moment. */
export function formatDateTime(iso: string, locale: Locale): string {
  return formatWhen(iso, locale, 'dateTime');
}

/** "6 Dec 2026": a day. */
export function formatDate(iso: string, locale: Locale): string {
  return formatWhen(iso, locale, 'date');
}

/** "07:30": a time today (chat lines). */
export function formatTime(iso: string, locale: Locale): string {
  return formatWhen(iso, locale, 'time');
}

/** "6 Dec": a day on a chart's axis. */
export function formatDay(date: Date, locale: Locale): string {
  return formatWhen(date, locale, 'day');
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
