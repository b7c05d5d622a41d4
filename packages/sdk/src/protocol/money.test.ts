import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES } from './currencies';
import { currencyMinorDigits, formatMoney, minorToDecimalString, parseMoneyInput } from './money';

// Intl puts a no-break space between a number and a symbol that follows it (`12,05 €`).
const nbsp = '\u00a0';

describe('currencyMinorDigits', () => {
  it('reads our currencies from the table: 2 for INR and USD, 0 for JPY and KRW', () => {
    expect(currencyMinorDigits('INR')).toBe(2);
    expect(currencyMinorDigits('USD')).toBe(2);
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('KRW')).toBe(0);
  });

  it('agrees with Intl for every currency in the table, so formatting and the table never disagree', () => {
    for (const code of CURRENCY_CODES) {
      const intl = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
      expect([code, currencyMinorDigits(code)]).toEqual([code, intl]);
    }
  });

  it('asks Intl about an ISO code the table does not hold (KWD has 3 digits, CLP none)', () => {
    expect(currencyMinorDigits('KWD')).toBe(3);
    expect(currencyMinorDigits('CLP')).toBe(0);
  });

  it('refuses what is not a currency code, including names that live on every object', () => {
    for (const text of ['inr', 'RUPEES', '', 'constructor', '__proto__', 'toString']) {
      expect(() => currencyMinorDigits(text)).toThrow(RangeError);
    }
  });
});

describe('formatMoney', () => {
  it('formats INR in paise, with Indian grouping in en-IN', () => {
    expect(formatMoney(150_050, 'INR', 'hi')).toBe('₹1,500.50');
    expect(formatMoney(123_456_750, 'INR', 'en-IN')).toBe('₹12,34,567.50');
    expect(formatMoney(5, 'INR', 'en')).toBe('₹0.05');
  });

  it('leaves the zero fraction off whole amounts', () => {
    expect(formatMoney(50_000, 'INR', 'en')).toBe('₹500');
    expect(formatMoney(2_000, 'USD', 'en')).toBe('$20');
    expect(formatMoney(0, 'USD', 'en')).toBe('$0');
  });

  it('treats JPY and KRW amounts as whole yen and won: 500 is ¥500, not ¥5', () => {
    expect(formatMoney(500, 'JPY', 'en')).toBe('¥500');
    expect(formatMoney(1_234, 'JPY', 'ja')).toBe('￥1,234');
    expect(formatMoney(2_000, 'KRW', 'en')).toBe('₩2,000');
  });

  it('follows the locale for separators and where the symbol goes', () => {
    expect(formatMoney(1_205, 'EUR', 'de')).toBe(`12,05${nbsp}€`);
    expect(formatMoney(1_050, 'BRL', 'pt-BR')).toBe(`R$${nbsp}10,50`);
    expect(formatMoney(1_205, 'USD', 'en')).toBe('$12.05');
  });

  it('keeps the sign of a negative amount (a refund in a statement of changes)', () => {
    expect(formatMoney(-5, 'USD', 'en')).toBe('-$0.05');
    expect(formatMoney(-500, 'JPY', 'en')).toBe('-¥500');
  });

  it('uses the runtime locale when none is given', () => {
    expect(formatMoney(1_205, 'USD')).toBe(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(12.05));
  });

  it('formats a currency the table does not hold with its Intl digits', () => {
    expect(formatMoney(1_234, 'KWD', 'en')).toBe(`KWD${nbsp}1.234`);
  });
});

describe('minorToDecimalString', () => {
  it('writes every digit of the minor unit, as a CSV column of amounts wants', () => {
    expect(minorToDecimalString(123_456, 'USD')).toBe('1234.56');
    expect(minorToDecimalString(-5, 'USD')).toBe('-0.05');
    expect(minorToDecimalString(0, 'INR')).toBe('0.00');
    expect(minorToDecimalString(50_000, 'INR')).toBe('500.00');
    expect(minorToDecimalString(500, 'JPY')).toBe('500');
    expect(minorToDecimalString(-1_000, 'KRW')).toBe('-1000');
    expect(minorToDecimalString(1_234, 'KWD')).toBe('1.234');
  });

  it('is exact up to the largest safe integer, where dividing by 100 would not be', () => {
    expect(minorToDecimalString(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
    expect(minorToDecimalString(-Number.MAX_SAFE_INTEGER, 'INR')).toBe('-90071992547409.91');
  });

  it('leaves the zero fraction off when asked, as a form field shows an amount back', () => {
    const trim = { trimZeroFraction: true };
    expect(minorToDecimalString(50_000, 'INR', trim)).toBe('500');
    expect(minorToDecimalString(150_050, 'INR', trim)).toBe('1500.50');
    expect(minorToDecimalString(-100, 'USD', trim)).toBe('-1');
    expect(minorToDecimalString(500, 'JPY', trim)).toBe('500');
  });

  it('refuses what is not an integer amount', () => {
    for (const amount of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => minorToDecimalString(amount, 'USD')).toThrow(RangeError);
    }
  });
});

describe('parseMoneyInput', () => {
  it('reads what a person types into minor units, with a dot or a comma', () => {
    expect(parseMoneyInput('12.5', 'USD')).toBe(1_250);
    expect(parseMoneyInput('12,05', 'EUR')).toBe(1_205);
    expect(parseMoneyInput(' 500 ', 'INR')).toBe(50_000);
    expect(parseMoneyInput('1500.50', 'INR')).toBe(150_050);
    expect(parseMoneyInput('500', 'JPY')).toBe(500);
  });

  it('reads back what minorToDecimalString wrote', () => {
    for (const [amount, currency] of [
      [150_050, 'INR'],
      [50_000, 'INR'],
      [1, 'USD'],
      [2_000, 'KRW'],
    ] as const) {
      expect(parseMoneyInput(minorToDecimalString(amount, currency), currency)).toBe(amount);
      expect(parseMoneyInput(minorToDecimalString(amount, currency, { trimZeroFraction: true }), currency)).toBe(amount);
    }
  });

  it('answers null for what is not an amount in the currency', () => {
    for (const [text, currency] of [
      ['', 'USD'],
      ['abc', 'USD'],
      ['-5', 'USD'],
      ['1,000.00', 'USD'],
      ['1.005', 'USD'],
      ['5.5', 'JPY'],
      ['1234567890123', 'INR'],
    ] as const) {
      expect([text, parseMoneyInput(text, currency)]).toEqual([text, null]);
    }
  });
});
