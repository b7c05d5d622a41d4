/**
 * Currencies tipchat accepts, with the number of digits in their minor unit. Amounts on the wire
 * are always integers in the minor unit (paise, cents; yen have none).
 */
export const CURRENCIES = {
  INR: { minorDigits: 2, minTip: 1_000, maxTip: 10_000_000, presets: [5_000, 10_000, 50_000, 100_000] },
  USD: { minorDigits: 2, minTip: 100, maxTip: 50_000, presets: [200, 500, 1_000, 2_000] },
  EUR: { minorDigits: 2, minTip: 100, maxTip: 50_000, presets: [200, 500, 1_000, 2_000] },
  GBP: { minorDigits: 2, minTip: 100, maxTip: 50_000, presets: [200, 500, 1_000, 2_000] },
  CAD: { minorDigits: 2, minTip: 100, maxTip: 50_000, presets: [200, 500, 1_000, 2_000] },
  AUD: { minorDigits: 2, minTip: 100, maxTip: 50_000, presets: [200, 500, 1_000, 2_000] },
  SGD: { minorDigits: 2, minTip: 100, maxTip: 50_000, presets: [200, 500, 1_000, 2_000] },
  BRL: { minorDigits: 2, minTip: 500, maxTip: 250_000, presets: [1_000, 2_500, 5_000, 10_000] },
  JPY: { minorDigits: 0, minTip: 100, maxTip: 50_000, presets: [200, 500, 1_000, 2_000] },
  KRW: { minorDigits: 0, minTip: 1_000, maxTip: 500_000, presets: [2_000, 5_000, 10_000, 20_000] },
} as const satisfies Record<string, CurrencyInfo>;

/** Digits of the minor unit, and the defaults a new channel in this currency starts with. */
export interface CurrencyInfo {
  minorDigits: number;
  minTip: number;
  maxTip: number;
  presets: readonly number[];
}

export type CurrencyCode = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as [CurrencyCode, ...CurrencyCode[]];

/** Minor units in one major unit: 100 for INR, 1 for JPY. */
export function minorUnitsPerMajor(currency: CurrencyCode): number {
  return 10 ** CURRENCIES[currency].minorDigits;
}
