import { currencyMinorDigits, minorToDecimalString } from '@tipchat/sdk/protocol';

/**
 * Cashfree speaks decimal major units (`170.50` rupees); we keep integer minor units (17050 paise). These helpers
 * convert between the two through decimal text, never through `x * 100` or `x / 100`, so no float rounding can move
 * a paisa, and they refuse what cannot be converted exactly instead of rounding it away. The digits and the text come
 * from the SDK's one money format.
 */

/** Digits of the currency's minor unit: ours from the SDK's table, any other ISO code from Intl (JPY 0, KWD 3…). */
export const minorDigitsOf = currencyMinorDigits;

/** Integer minor units as decimal text with all the currency's digits: 17050 INR → `170.50`, 500 JPY → `500`. */
export function formatMajorUnits(minor: number, currency: string): string {
  // Cashfree never takes a negative amount: refused here rather than sent as `-0.05`.
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`Not a non-negative integer amount: ${minor}`);
  return minorToDecimalString(minor, currency);
}

/**
 * Minor units as the number the `cashfree-pg` types ask for (17050 → 170.5, which JSON writes as `170.5`). Refused
 * when the number would not print back as the same decimal, which only happens far beyond any tip (about 10^13
 * rupees), so what reaches Cashfree is always exactly the amount we hold.
 */
export function toMajorUnits(minor: number, currency: string): number {
  const text = formatMajorUnits(minor, currency);
  const major = Number(text);
  if (parseMajorUnits(String(major), currency) !== minor) {
    throw new RangeError(`${text} ${currency} cannot be sent as a JSON number without losing precision`);
  }
  return major;
}

/**
 * Decimal text in major units to integer minor units: `170.5` INR → 17050. Refuses a sign, an exponent, more
 * decimals than the currency has (`170.005` INR, `5.5` JPY) and anything beyond a safe integer.
 */
export function parseMajorUnits(text: string, currency: string): number {
  const digits = currencyMinorDigits(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`Not a decimal amount: ${JSON.stringify(text)}`);
  const [, whole = '', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) {
    throw new RangeError(`${text} has more decimals than ${currency} has (${digits})`);
  }
  const minor = Number(whole + significant.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${text} ${currency} is too large`);
  return minor;
}

/**
 * A number that came out of JSON.parse (`170.10` in the body is the number 170.1) to minor units. `String(n)` is the
 * shortest decimal that reads back as `n`, so for any amount written with at most the currency's decimals it gives
 * those same digits back (`170.1`), and `parseMajorUnits` checks them exactly. We deliberately do not use
 * `n.toFixed(digits)`: it would round `170.005` to a valid-looking `170.01` instead of refusing it.
 */
export function toMinorUnits(major: number, currency: string): number {
  if (!Number.isFinite(major)) throw new RangeError(`Not a finite amount: ${major}`);
  return parseMajorUnits(String(major), currency);
}
