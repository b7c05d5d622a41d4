import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMajorUnits, minorDigitsOf, parseMajorUnits, toMajorUnits, toMinorUnits } from './amounts';

describe('Cashfree amounts', () => {
  it('prints minor units as decimal major units with the currency’s digits', () => {
    expect(formatMajorUnits(17050, 'INR')).toBe('170.50');
    expect(formatMajorUnits(5, 'INR')).toBe('0.05');
    expect(formatMajorUnits(0, 'INR')).toBe('0.00');
    expect(formatMajorUnits(500, 'JPY')).toBe('500');
    expect(formatMajorUnits(1234, 'KWD')).toBe('1.234');
    expect(toMajorUnits(17050, 'INR')).toBe(170.5);
    expect(toMajorUnits(17010, 'INR')).toBe(170.1);
    expect(toMajorUnits(1, 'INR')).toBe(0.01);
  });

  it('reads decimal major units back to minor units exactly, trailing zeros or not', () => {
    expect(parseMajorUnits('170.50', 'INR')).toBe(17050);
    expect(parseMajorUnits('170.5', 'INR')).toBe(17050);
    expect(parseMajorUnits('170', 'INR')).toBe(17000);
    expect(parseMajorUnits('0.01', 'INR')).toBe(1);
    expect(parseMajorUnits('500', 'JPY')).toBe(500);
    expect(parseMajorUnits('500.00', 'JPY')).toBe(500);
    // Floats that multiplication would get wrong: 1.15 * 100 is 114.99999999999999, 0.29 * 100 is 28.999999999999996.
    expect(toMinorUnits(1.15, 'INR')).toBe(115);
    expect(toMinorUnits(0.29, 'INR')).toBe(29);
    expect(toMinorUnits(JSON.parse('170.10') as number, 'INR')).toBe(17010);
  });

  it('refuses more decimals than the currency has instead of rounding them away', () => {
    expect(() => parseMajorUnits('170.005', 'INR')).toThrow(/more decimals than INR has \(2\)/);
    expect(() => parseMajorUnits('5.5', 'JPY')).toThrow(/more decimals than JPY/);
    expect(() => toMinorUnits(0.1 + 0.2, 'INR')).toThrow(RangeError);
    expect(() => toMinorUnits(170.005, 'INR')).toThrow(RangeError);
  });

  it('refuses signs, exponents, junk, non-finite numbers and non-integer or unsafe minor amounts', () => {
    for (const text of ['-1.00', '+1', '1e3', '1.', '.5', '', ' 1', '1,000.00', '0x10']) {
      expect(() => parseMajorUnits(text, 'INR'), text).toThrow(RangeError);
    }
    expect(() => toMinorUnits(Number.NaN, 'INR')).toThrow(RangeError);
    expect(() => toMinorUnits(Number.POSITIVE_INFINITY, 'INR')).toThrow(RangeError);
    expect(() => toMinorUnits(1e21, 'INR')).toThrow(RangeError);
    expect(() => toMinorUnits(-5, 'INR')).toThrow(RangeError);
    expect(() => parseMajorUnits('90071992547409.92', 'INR')).toThrow(/too large/);
    expect(() => formatMajorUnits(1.5, 'INR')).toThrow(RangeError);
    expect(() => formatMajorUnits(-1, 'INR')).toThrow(RangeError);
    expect(() => toMajorUnits(Number.MAX_SAFE_INTEGER, 'INR')).toThrow(/losing precision/);
  });

  it('knows the digits of our currencies and of other ISO codes, and refuses a malformed code', () => {
    expect(minorDigitsOf('INR')).toBe(2);
    expect(minorDigitsOf('JPY')).toBe(0);
    expect(minorDigitsOf('KRW')).toBe(0);
    expect(minorDigitsOf('BHD')).toBe(3);
    expect(() => minorDigitsOf('inr')).toThrow(RangeError);
    expect(() => minorDigitsOf('RUPEES')).toThrow(RangeError);
  });

  it('round-trips every amount up to ten billion rupees through the wire number and its text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.constantFrom('INR', 'USD', 'JPY', 'KWD'), (minor, currency) => {
        const major = toMajorUnits(minor, currency);
        // What JSON.stringify puts on the wire and JSON.parse gives back on the other side.
        const wire = JSON.parse(JSON.stringify({ amount: major })) as { amount: number };
        expect(toMinorUnits(wire.amount, currency)).toBe(minor);
        expect(parseMajorUnits(formatMajorUnits(minor, currency), currency)).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });
});
