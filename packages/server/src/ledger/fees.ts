import type { CurrencyCode } from '@tipchat/sdk/protocol';

/** The platform fee: a percentage in basis points (250 = 2.5 %) plus a fixed part per currency. */
export interface FeeSchedule {
  basisPoints: number;
  /** Fixed fee in the currency's minor units (cents, paise, yen); a currency left out has none. */
  fixed: Partial<Record<CurrencyCode, number>>;
}

export interface FeeBreakdown {
  gross: number;
  fee: number;
  /** What the streamer receives: gross - fee, never negative. */
  net: number;
}

/**
 * The fee on a tip of `gross` minor units, in integer arithmetic only.
 *
 * Rounding rule: the percentage part is rounded HALF UP to the nearest minor unit, so an exact
 * half goes to the platform and anything below half to the streamer (2.5 % of 10 cents = 0.25 →
 * 0; 2.5 % of 20 cents = 0.5 → 1). The fee is capped at the tip itself: a tip smaller than the
 * fixed fee leaves the streamer nothing but never a debt. Zero-decimal currencies (JPY) need no
 * special case: the same arithmetic runs on yen.
 */
export function platformFee(gross: number, currency: CurrencyCode, schedule: FeeSchedule): FeeBreakdown {
  if (!Number.isSafeInteger(gross) || gross <= 0) throw new RangeError(`tip amount must be a positive integer, got ${gross}`);
  const { basisPoints } = schedule;
  const fixed = schedule.fixed[currency] ?? 0;
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw new RangeError(`fee basis points must be an integer from 0 to 10000, got ${basisPoints}`);
  }
  if (!Number.isSafeInteger(fixed) || fixed < 0) throw new RangeError(`fixed fee must be a non-negative integer, got ${fixed}`);
  // BigInt: gross × basis points can exceed 2^53 for large amounts in many-unit currencies.
  const percentage = Number((BigInt(gross) * BigInt(basisPoints) + 5_000n) / 10_000n);
  const fee = Math.min(gross, percentage + fixed);
  return { gross, fee, net: gross - fee };
}
