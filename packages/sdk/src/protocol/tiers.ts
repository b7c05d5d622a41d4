import { z } from 'zod';
import { CURRENCIES, type CurrencyCode } from './currencies';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a #rrggbb colour');

/**
 * How a tip is presented, by amount: the highlight colour in chat, how long it stays pinned at
 * the top of the chat, the longest message it may carry, and how long its alert plays on stream.
 */
export const tipTierSchema = z.strictObject({
  /** The smallest amount (minor units) in this tier; the first tier starts at the channel's minimum. */
  minAmount: z.number().int().min(0).max(1_000_000_000_000),
  color: hexColor,
  pinSeconds: z
    .number()
    .int()
    .min(0)
    .max(4 * 3600),
  maxMessageLength: z.number().int().min(0).max(500),
  alertSeconds: z.number().int().min(1).max(60),
});

/** Ascending by minAmount, starting at 0, at most 10 tiers. */
export const tipTiersSchema = z
  .array(tipTierSchema)
  .min(1)
  .max(10)
  .refine((tiers) => tiers[0]?.minAmount === 0, { message: 'The first tier must start at 0' })
  .refine((tiers) => tiers.every((t, i) => i === 0 || t.minAmount > (tiers[i - 1]?.minAmount ?? 0)), {
    message: 'Tiers must be in strictly ascending order of minAmount',
  });

export type TipTier = z.infer<typeof tipTierSchema>;

/**
 * YouTube-Super-Chat-like defaults: seven tiers at 1, 2, 5, 10, 20, 50 and 100 times the
 * currency's default minimum tip, from blue (short message, not pinned) to red (long message,
 * pinned for an hour).
 */
const LADDER = [
  { times: 0, color: '#1e88e5', pinSeconds: 0, maxMessageLength: 50, alertSeconds: 5 },
  { times: 2, color: '#00b8d4', pinSeconds: 0, maxMessageLength: 100, alertSeconds: 6 },
  { times: 5, color: '#00bfa5', pinSeconds: 120, maxMessageLength: 150, alertSeconds: 8 },
  { times: 10, color: '#ffb300', pinSeconds: 300, maxMessageLength: 200, alertSeconds: 10 },
  { times: 20, color: '#f57c00', pinSeconds: 600, maxMessageLength: 225, alertSeconds: 12 },
  { times: 50, color: '#e91e63', pinSeconds: 1800, maxMessageLength: 250, alertSeconds: 15 },
  { times: 100, color: '#e62117', pinSeconds: 3600, maxMessageLength: 270, alertSeconds: 20 },
] as const;

export function defaultTipTiers(currency: CurrencyCode): TipTier[] {
  const unit = CURRENCIES[currency].minTip;
  return LADDER.map(({ times, ...tier }) => ({ minAmount: times * unit, ...tier }));
}

/** The tier an amount falls in: the last one whose minimum it reaches. */
export function tierFor(tiers: readonly TipTier[], amount: number): { index: number; tier: TipTier } {
  let index = 0;
  for (let i = 0; i < tiers.length; i++) if (amount >= (tiers[i]?.minAmount ?? Number.POSITIVE_INFINITY)) index = i;
  const tier = tiers[index];
  if (!tier) throw new RangeError('tierFor needs at least one tier');
  return { index, tier };
}
