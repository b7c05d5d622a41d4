import { z } from 'zod';
import { CURRENCY_CODES } from './currencies';

/** Which payout rail pays a currency out: Cashfree Payouts for INR, Stripe Connect for the rest. */
export const payoutRailNameSchema = z.enum(['cashfree', 'stripe']);

/**
 * Whether this server can pay the streamer out at all, in their channel's currency: a server
 * without the rail (no Stripe keys, no Cashfree Payouts keys) keeps tips in the balance but cannot
 * send them anywhere. The dashboard says so up front instead of offering what would fail.
 */
export const payoutAvailabilitySchema = z.object({
  currency: z.enum(CURRENCY_CODES),
  rail: payoutRailNameSchema,
  available: z.boolean(),
  /** Why not, for the streamer; null when available. */
  reason: z.string().nullable(),
});

export type PayoutAvailability = z.infer<typeof payoutAvailabilitySchema>;
