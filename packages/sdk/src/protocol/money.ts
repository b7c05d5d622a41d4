import { CURRENCIES } from './currencies';

/**
 * Money as text, the one implementation for every package: the server's statement CSV, the viewer widget, the
 * overlays and the dashboard. Amounts are integers in the currency's minor unit (paise, cents; yen have none), and
 * they are turned into major units through decimal digits, never `x / 100`: JPY and KRW have no minor unit.
 */

/**
 * Digits of a currency's minor unit: ours from CURRENCIES, any other ISO 4217 code from Intl (KWD 3…), so an older
 * widget still shows a currency a newer server added. Throws a RangeError for what is not a currency code.
 */
export function currencyMinorDigits(currency: string): number {
  if (Object.hasOwn(CURRENCIES, currency)) return CURRENCIES[currency as keyof typeof CURRENCIES].minorDigits;
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`Not a currency code: ${JSON.stringify(currency)}`);
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount as people read it, in their locale (the runtime's when none is given): `formatMoney(150050, 'INR', 'hi')`
 * → `₹1,500.50`, 500 JPY → `¥500`. Whole amounts go without a zero fraction: `₹500`, not `₹500.00`.
 */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const digits = currencyMinorDigits(currency);
  const major = amountMinor / 10 ** digits;
  // Both bounds are given: an engine that predates Intl.NumberFormat v3 refuses a maximum below the currency's minimum.
  const fraction = Number.isInteger(major) ? 0 : digits;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  }).format(major);
}

export interface DecimalStringOptions {
  /** Whole amounts without a zero fraction (`500`, not `500.00`), as a form field shows them back. Default false. */
  trimZeroFraction?: boolean;
}

/**
 * Integer minor units as a plain decimal in major units, no grouping or symbol, for CSV and form fields:
 * 1205 USD → `12.05`, -5 USD → `-0.05`, 0 INR → `0.00`, 500 JPY → `500`. Exact for every safe integer.
 */
export function minorToDecimalString(amountMinor: number, currency: string, options: DecimalStringOptions = {}): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount must be a safe integer, got ${amountMinor}`);
  const digits = currencyMinorDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  const whole = Math.floor(abs / unit);
  const fraction = abs % unit;
  if (fraction === 0 && options.trimZeroFraction) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(digits, '0')}`;
}

/**
 * The other way, for an amount a person typed: `'12.5'` or `'12,5'` USD → 1250, `' 500 '` JPY → 500. Null when it is
 * not an amount: a sign, grouping, more than 12 whole digits, or more decimals than the currency has (`5.5` JPY).
 */
export function parseMoneyInput(text: string, currency: string): number | null {
  const digits = currencyMinorDigits(currency);
  const match = /^\s*(\d{1,12})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match?.[1]) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
