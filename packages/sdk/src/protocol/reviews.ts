import { z } from 'zod';
import { isoDateTimeSchema, text, uuidSchema } from './common';

/**
 * Provider events a person must look at (the review queue): refused ones and applied-but-odd ones.
 * - livemode_mismatch: a Stripe event of the other mode (test on a live key, or live on a test key); refused.
 * - payment_mismatch: an amount or currency that contradicts the tip; refused (422, the provider retries).
 * - overpayment: a payment above the tip; the tip is paid, the rest is in the suspense account.
 * - second_payment: another successful payment of an order already paid; all of it is in suspense.
 * - dispute_exceeds_tip: a dispute larger than what refunds left of the tip; the rest is owed by the streamer.
 * - dispute_reopened: an opening reported for a dispute already closed; nothing moved.
 * - refund_failed_after_success / refund_succeeded_after_failure: a provider whose succeeded refunds are final
 *   (Cashfree) reported both outcomes for one refund; the second is not applied.
 */
export const PROVIDER_EVENT_REVIEW_REASONS = [
  'livemode_mismatch',
  'payment_mismatch',
  'overpayment',
  'second_payment',
  'dispute_exceeds_tip',
  'dispute_reopened',
  'refund_failed_after_success',
  'refund_succeeded_after_failure',
] as const;
export const providerEventReviewReasonSchema = z.enum(PROVIDER_EVENT_REVIEW_REASONS);
export type ProviderEventReviewReason = z.infer<typeof providerEventReviewReasonSchema>;

export const providerEventReviewSchema = z.object({
  id: uuidSchema,
  provider: z.string(),
  /** The provider's event id (Stripe `evt_…`; for Cashfree, built from the payment, refund or dispute and its status). */
  eventId: z.string(),
  /** The provider's own event type, e.g. `charge.dispute.created`, `REFUND_STATUS_WEBHOOK`. */
  providerType: z.string(),
  reason: providerEventReviewReasonSchema,
  /** What the reason means for this event: amounts, what was booked where. */
  details: z.record(z.string(), z.unknown()),
  paymentId: z.string(),
  channelId: uuidSchema.nullable(),
  tipId: uuidSchema.nullable(),
  /** The delivery's body as the provider signed it. */
  payload: z.unknown(),
  /** How often the provider delivered it (a refused event is retried). */
  deliveries: z.number().int(),
  createdAt: isoDateTimeSchema,
  lastSeenAt: isoDateTimeSchema,
  resolvedAt: isoDateTimeSchema.nullable(),
  resolvedBy: uuidSchema.nullable(),
  note: z.string().nullable(),
});

export const providerEventReviewListQuerySchema = z.strictObject({
  status: z.enum(['open', 'resolved']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const providerEventReviewListSchema = z.object({
  /** Newest first (open: by when flagged; resolved: by when resolved). */
  reviews: z.array(providerEventReviewSchema),
});

export const providerEventReviewParamsSchema = z.strictObject({ id: uuidSchema });

export const resolveProviderEventReviewBodySchema = z.strictObject({
  /** What was done about it (money returned, written off, nothing needed): kept with the review. */
  note: text(1, 2_000, { multiline: true }),
});

/** The staff channel event `provider_event.flagged`: which event of the channel's tips needs a look (no payload). */
export interface ProviderEventFlagged {
  reviewId: string;
  provider: string;
  providerType: string;
  reason: ProviderEventReviewReason;
  tipId: string | null;
  createdAt: string;
}

export type ProviderEventReview = z.infer<typeof providerEventReviewSchema>;
export type ProviderEventReviewListQuery = z.input<typeof providerEventReviewListQuerySchema>;
export type ProviderEventReviewList = z.infer<typeof providerEventReviewListSchema>;
export type ResolveProviderEventReviewBody = z.input<typeof resolveProviderEventReviewBodySchema>;
