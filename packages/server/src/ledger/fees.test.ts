import { describe, expect, it } from 'vitest';
import { platformFee } from './fees';

const schedule = { basisPoints: 250, fixed: { USD: 30, INR: 300 } };

describe('platformFee', () => {
  it('takes the percentage plus the fixed fee of the currency', () => {
    // 2.5 % of $10.00 = 25 cents, + 30 cents.
    expect(platformFee(1_000, 'USD', schedule)).toEqual({ gross: 1_000, fee: 55, net: 945 });
    // 2.5 % of ₹500.00 = 1250 paise, + 300 paise.
    expect(platformFee(50_000, 'INR', schedule)).toEqual({ gross: 50_000, fee: 1_550, net: 48_450 });
  });

  it('rounds an exact half of the percentage up, to the platform', () => {
    // 2.5 % of 20 cents = 0.5 cent → 1.
    expect(platformFee(20, 'EUR', schedule).fee).toBe(1);
    // 2.5 % of 60 cents = 1.5 cents → 2.
    expect(platformFee(60, 'EUR', schedule).fee).toBe(2);
  });

  it('rounds less than half down, to the streamer', () => {
    // 2.5 % of 10 cents = 0.25 → 0; of 99 cents = 2.475 → 2.
    expect(platformFee(10, 'EUR', schedule).fee).toBe(0);
    expect(platformFee(99, 'EUR', schedule).fee).toBe(2);
  });

  it('computes zero-decimal currencies in whole yen with the same rule', () => {
    const yen = { basisPoints: 290, fixed: { JPY: 40 } };
    // 2.9 % of ¥500 = 14.5 → 15, + ¥40.
    expect(platformFee(500, 'JPY', yen)).toEqual({ gross: 500, fee: 55, net: 445 });
    // 2.9 % of ¥100 = 2.9 → 3, + ¥40.
    expect(platformFee(100, 'JPY', yen)).toEqual({ gross: 100, fee: 43, net: 57 });
  });

  it('charges no fixed fee in a currency the schedule leaves out', () => {
    expect(platformFee(1_000, 'GBP', schedule).fee).toBe(25);
  });

  it('never takes more than the tip', () => {
    expect(platformFee(20, 'USD', schedule)).toEqual({ gross: 20, fee: 20, net: 0 });
  });

  it('stays exact on amounts whose product with the rate exceeds 2^53', () => {
    const gross = 9_000_000_000_000_000 / 1_000; // 9e12 minor units
    expect(platformFee(gross, 'KRW', { basisPoints: 9_999, fixed: {} }).fee).toBe(8_999_100_000_000);
  });

  it('refuses amounts and schedules that are not integers in range', () => {
    expect(() => platformFee(0, 'USD', schedule)).toThrow(RangeError);
    expect(() => platformFee(10.5, 'USD', schedule)).toThrow(RangeError);
    expect(() => platformFee(100, 'USD', { basisPoints: 2.5, fixed: {} })).toThrow(RangeError);
    expect(() => platformFee(100, 'USD', { basisPoints: 10_001, fixed: {} })).toThrow(RangeError);
    expect(() => platformFee(100, 'USD', { basisPoints: 0, fixed: { USD: -1 } })).toThrow(RangeError);
  });
});
