import { z } from 'zod';
import { channelParamsSchema, minorAmountSchema } from './channels';
import { emailSchema, isoDateTimeSchema, text, uuidSchema } from './common';
import { CURRENCY_CODES } from './currencies';
import { tipTierSchema, tipTiersSchema } from './tiers';

export const PAYMENT_PROVIDERS = ['dev', 'stripe', 'cashfree'] as const;
export const paymentProviderSchema = z.enum(PAYMENT_PROVIDERS);

/**
 * pending → succeeded | failed; a failed attempt may still succeed later (a Cashfree order can be
 * paid on a second try). After success: partially_refunded, refunded, disputed, dispute_lost.
 */
export const TIP_STATUSES = ['pending', 'succeeded', 'failed', 'partially_refunded', 'refunded', 'disputed', 'dispute_lost'] as const;
export const tipStatusSchema = z.enum(TIP_STATUSES);

/** The platform fee: a percentage in basis points (250 = 2.5 %) plus a fixed part in minor units. */
export const feeScheduleSchema = z.object({
  basisPoints: z.number().int(),
  fixed: z.number().int(),
});

export const feeBreakdownSchema = z.object({
  /** What the tipper pays. */
  amount: z.number().int(),
  fee: z.number().int(),
  /** What the streamer receives. */
  net: z.number().int(),
});

/** Everything a tip form needs before the viewer pays, fee included. */
export const tipOptionsSchema = z.object({
  currency: z.enum(CURRENCY_CODES),
  minTip: z.number().int(),
  maxTip: z.number().int(),
  presets: z.array(z.number().int()),
  tiers: tipTiersSchema,
  fee: feeScheduleSchema,
  /** Providers a tip can be paid with here, the preferred first. */
  providers: z.array(paymentProviderSchema),
  /** With `?amount=`: the fee and net for that amount. */
  quote: feeBreakdownSchema.nullable(),
});

export const tipOptionsQuerySchema = z.strictObject({
  amount: z.coerce.number().int().positive().max(1_000_000_000_000).optional(),
});

export const createTipBodySchema = z.strictObject({
  /** Integer minor units in `currency`, which must be the channel's currency. */
  amount: minorAmountSchema,
  currency: z.enum(CURRENCY_CODES),
  displayName: text(1, 32),
  /** Checked against the tier's maximum length for the amount. */
  message: text(0, 500, { multiline: true }).default(''),
  /** Default: the first of the channel's available providers. */
  provider: paymentProviderSchema.optional(),
  /** For the provider's receipt. */
  email: emailSchema.optional(),
  /** The device token from joining the chat: a banned device cannot tip either. */
  deviceToken: z.string().min(16).max(200).optional(),
  /** Cashfree asks for the payer's phone number. */
  phone: z
    .string()
    .regex(/^\+?[0-9]{8,15}$/, 'Digits only, 8 to 15, optionally starting with +')
    .optional(),
});

export const tipTierViewSchema = tipTierSchema.pick({ color: true, pinSeconds: true, alertSeconds: true }).extend({
  index: z.number().int(),
});

/** A tip as anyone may see it (chat, overlays, the tipper's own status page). */
export const publicTipSchema = z.object({
  id: uuidSchema,
  channelId: uuidSchema,
  status: tipStatusSchema,
  amount: z.number().int(),
  currency: z.enum(CURRENCY_CODES),
  displayName: z.string(),
  /** Plain text; null while held for review (a blocked term matched). Render as text, never HTML. */
  message: z.string().nullable(),
  tier: tipTierViewSchema,
  createdAt: isoDateTimeSchema,
  paidAt: isoDateTimeSchema.nullable(),
});

export const nextActionSchema = z.discriminatedUnion('type', [
  /** Dev provider: `POST /tips/:id/dev-checkout` with the outcome to simulate. */
  z.object({ type: z.literal('dev_checkout') }),
  z.object({ type: z.literal('stripe_payment_element'), clientSecret: z.string(), publishableKey: z.string() }),
  z.object({ type: z.literal('cashfree_checkout'), paymentSessionId: z.string(), mode: z.enum(['sandbox', 'production']) }),
]);

/** What the tipper's widget follows: the tip, its fee, and while pending what to do to pay. */
export const tipperTipSchema = z.object({
  tip: publicTipSchema,
  provider: paymentProviderSchema,
  fee: feeBreakdownSchema,
  failureReason: z.string().nullable(),
  /** Present while the tip is pending (or failed and can still be paid). */
  next: nextActionSchema.nullable(),
});

export const tipParamsSchema = z.strictObject({ id: uuidSchema });
export const channelTipParamsSchema = channelParamsSchema.extend({ id: uuidSchema });

export const devCheckoutBodySchema = z.strictObject({
  /** succeed now, decline, or succeed after a few seconds (like a UPI collect request). */
  outcome: z.enum(['succeed', 'decline', 'succeed_later']),
});

/** A tip as the streamer sees it in the feed: money, marks, and the held message. */
export const tipFeedItemSchema = publicTipSchema.extend({
  provider: paymentProviderSchema,
  paymentId: z.string().nullable(),
  /** The fee the platform keeps after refunds and disputes (given back in proportion). */
  fee: z.number().int(),
  /** What the streamer keeps: amount - refundedAmount - disputedAmount - fee. */
  net: z.number().int(),
  refundedAmount: z.number().int(),
  disputedAmount: z.number().int(),
  /** The text even when held, for the streamer to review. */
  fullMessage: z.string(),
  messageHeld: z.boolean(),
  failureReason: z.string().nullable(),
  viewerId: uuidSchema.nullable(),
  streamId: uuidSchema.nullable(),
  read: z.boolean(),
  starred: z.boolean(),
  hidden: z.boolean(),
  /** When the net becomes available for payout. */
  holdUntil: isoDateTimeSchema.nullable(),
});

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
/** `?status=succeeded,refunded` */
const statusList = z
  .string()
  .max(200)
  .transform((s) => s.split(',').filter((p) => p !== ''))
  .pipe(z.array(tipStatusSchema).min(1));

export const tipFeedQuerySchema = z.strictObject({
  /** Comma-separated statuses. Default: every paid status (not pending, not failed). */
  status: statusList.optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  minAmount: z.coerce.number().int().min(0).optional(),
  maxAmount: z.coerce.number().int().min(0).optional(),
  hasMessage: booleanQuery.optional(),
  unread: booleanQuery.optional(),
  starred: booleanQuery.optional(),
  /** Hidden tips are left out unless this is true. */
  includeHidden: booleanQuery.optional(),
  streamId: uuidSchema.optional(),
  /** Case-insensitive search in names and messages. */
  q: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(['newest', 'oldest', 'amount_desc', 'amount_asc']).default('newest'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** From the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});

export const tipTotalsSchema = z.object({
  count: z.number().int(),
  /**
   * Per currency, over the filtered tips: `amount` is the gross kept after refunds and disputes
   * (= fee + net), `fee` what the platform keeps, `refunded` what went back (refunds and disputes).
   */
  byCurrency: z.array(
    z.object({
      currency: z.enum(CURRENCY_CODES),
      amount: z.number().int(),
      fee: z.number().int(),
      net: z.number().int(),
      refunded: z.number().int(),
    }),
  ),
});

export const tipFeedPageSchema = z.object({
  tips: z.array(tipFeedItemSchema),
  nextCursor: z.string().nullable(),
  totals: tipTotalsSchema,
});

export const markTipBodySchema = z
  .strictObject({ read: z.boolean(), starred: z.boolean(), hidden: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one mark to change' });

export const markTipsBodySchema = z.strictObject({
  ids: z.array(uuidSchema).min(1).max(100),
  read: z.boolean(),
});

export const refundTipBodySchema = z.strictObject({
  /** Minor units; default: everything not yet refunded. */
  amount: minorAmountSchema.optional(),
  reason: text(0, 200).default(''),
});

export const updateTiersBodySchema = z.strictObject({
  /** null returns to the currency's defaults. */
  tiers: tipTiersSchema.nullable(),
});

export const tiersSchema = z.object({ tiers: tipTiersSchema, custom: z.boolean() });

export type PaymentProviderName = z.infer<typeof paymentProviderSchema>;
export type TipStatus = z.infer<typeof tipStatusSchema>;
export type FeeSchedule = z.infer<typeof feeScheduleSchema>;
export type FeeBreakdown = z.infer<typeof feeBreakdownSchema>;
export type TipOptions = z.infer<typeof tipOptionsSchema>;
export type CreateTipBody = z.input<typeof createTipBodySchema>;
export type PublicTip = z.infer<typeof publicTipSchema>;
export type TipTierView = z.infer<typeof tipTierViewSchema>;
export type NextAction = z.infer<typeof nextActionSchema>;
export type TipperTip = z.infer<typeof tipperTipSchema>;
export type DevCheckoutOutcome = z.infer<typeof devCheckoutBodySchema>['outcome'];
export type TipFeedItem = z.infer<typeof tipFeedItemSchema>;
export type TipFeedQuery = z.input<typeof tipFeedQuerySchema>;
export type TipTotals = z.infer<typeof tipTotalsSchema>;
export type TipFeedPage = z.infer<typeof tipFeedPageSchema>;
export type MarkTipBody = z.infer<typeof markTipBodySchema>;
export type RefundTipBody = z.input<typeof refundTipBodySchema>;
export type Tiers = z.infer<typeof tiersSchema>;
