import { z } from 'zod';
import { minorAmountSchema } from './channels';
import { emailSchema, isoDateTimeSchema, text, uuidSchema } from './common';
import { CURRENCY_CODES } from './currencies';
import { bankAccountNumberSchema, ifscSchema, panSchema, upiIdSchema } from './payout-formats';

const phoneSchema = z.string().regex(/^\+?[0-9]{10,15}$/, 'Digits only, 10 to 15, optionally starting with +');

/** A bank account (account number + IFSC) or a UPI id, with the holder's name as the bank has it. */
export const beneficiaryDetailsSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('bank_account'),
    name: text(3, 100),
    accountNumber: bankAccountNumberSchema,
    ifsc: ifscSchema,
    /** Needed above the provider's limits for payouts without PAN. */
    pan: panSchema.optional(),
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('upi'),
    name: text(3, 100),
    vpa: upiIdSchema,
    pan: panSchema.optional(),
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
  }),
]);

export const beneficiaryVerificationSchema = z.enum(['unverified', 'valid', 'invalid', 'inconclusive']);

/** Never the full account number or UPI id: masked, as in every response and log. */
export const beneficiarySchema = z.object({
  id: uuidSchema,
  kind: z.enum(['bank_account', 'upi']),
  name: z.string(),
  accountMasked: z.string().nullable(),
  ifsc: z.string().nullable(),
  vpaMasked: z.string().nullable(),
  panMasked: z.string().nullable(),
  verification: beneficiaryVerificationSchema,
  /** The provider's name-match result (e.g. DIRECT_MATCH, NO_MATCH) and the name the bank holds. */
  nameMatch: z.string().nullable(),
  nameAtBank: z.string().nullable(),
  verifiedAt: isoDateTimeSchema.nullable(),
  createdAt: isoDateTimeSchema,
});

export const beneficiaryListSchema = z.object({ beneficiaries: z.array(beneficiarySchema) });
export const beneficiaryIdBodySchema = z.strictObject({ beneficiaryId: uuidSchema });
export const beneficiaryIdQuerySchema = z.strictObject({ beneficiaryId: uuidSchema });
export const updateBeneficiaryBodySchema = z.strictObject({ beneficiaryId: uuidSchema, details: beneficiaryDetailsSchema });

export const beneficiaryHistoryEntrySchema = z.object({
  id: z.number().int(),
  beneficiaryId: uuidSchema,
  action: z.enum(['added', 'verified', 'replaced', 'removed']),
  details: z.record(z.string(), z.unknown()),
  createdAt: isoDateTimeSchema,
});
export const beneficiaryHistorySchema = z.object({ entries: z.array(beneficiaryHistoryEntrySchema) });

export const PAYOUT_STATUSES = ['requested', 'processing', 'unknown', 'succeeded', 'failed', 'reversed'] as const;
export const payoutStatusSchema = z.enum(PAYOUT_STATUSES);

export const payoutSchema = z.object({
  id: uuidSchema,
  rail: z.enum(['cashfree', 'stripe']),
  beneficiaryId: uuidSchema.nullable(),
  amount: z.number().int(),
  currency: z.enum(CURRENCY_CODES),
  status: payoutStatusSchema,
  origin: z.enum(['manual', 'sweep']),
  /** Our transfer id at the provider (and its idempotency key). */
  transferId: z.string(),
  /** The provider's reference (Cashfree cf_transfer_id / UTR, Stripe transfer id), once known. */
  providerReference: z.string().nullable(),
  /** Why it failed or was reversed, for the streamer. */
  failureReason: z.string().nullable(),
  createdAt: isoDateTimeSchema,
  settledAt: isoDateTimeSchema.nullable(),
});

/** `POST /payout/standard-transfer`: a manual payout of `amount` (default: everything available). */
export const payoutRequestBodySchema = z.strictObject({
  currency: z.enum(CURRENCY_CODES),
  amount: minorAmountSchema.optional(),
  /** Cashfree: which beneficiary (default: the only verified one). Stripe: leave out. */
  beneficiaryId: uuidSchema.optional(),
});

export const payoutListQuerySchema = z.strictObject({
  status: payoutStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** A payout id from the previous page: older payouts. */
  before: uuidSchema.optional(),
});
export const payoutListSchema = z.object({ payouts: z.array(payoutSchema), nextCursor: uuidSchema.nullable() });

/** Per currency, from the ledger: pending (in the hold), available, in transit, paid out. */
export const balanceSchema = z.object({
  currency: z.enum(CURRENCY_CODES),
  pending: z.number().int(),
  /** May be negative when a refund or dispute came after the money was paid out. */
  available: z.number().int(),
  inTransit: z.number().int(),
  paidOut: z.number().int(),
  /** The smallest manual payout in this currency. */
  minimumPayout: z.number().int(),
});
export const balancesSchema = z.object({ balances: z.array(balanceSchema) });

/**
 * The longest window one statement covers, in days: a calendar or financial year always fits. A longer history is
 * downloaded a window at a time (`to` is exclusive, so one window's `to` is the next one's `from`).
 */
export const STATEMENT_MAX_DAYS = 366;

export const statementQuerySchema = z.strictObject({
  from: isoDateTimeSchema.optional().describe(`Inclusive. Default: ${STATEMENT_MAX_DAYS} days before \`to\``),
  to: isoDateTimeSchema.optional().describe(`Exclusive; after \`from\` and at most ${STATEMENT_MAX_DAYS} days after it. Default: now`),
  currency: z.enum(CURRENCY_CODES).optional(),
});

export const stripeAccountSchema = z.object({
  stripeAccountId: z.string(),
  chargesEnabled: z.boolean(),
  payoutsEnabled: z.boolean(),
  detailsSubmitted: z.boolean(),
  /** Fields Stripe still needs (`requirements.currently_due`). */
  requirements: z.array(z.string()),
});
export const stripeOnboardingBodySchema = z.strictObject({
  /** Where Stripe sends the streamer back; must be on the dashboard's origin. */
  returnUrl: z.url({ protocol: /^https?$/ }),
  refreshUrl: z.url({ protocol: /^https?$/ }),
});
export const stripeOnboardingSchema = z.object({ account: stripeAccountSchema, onboardingUrl: z.string(), expiresAt: isoDateTimeSchema });

export const payoutScheduleSchema = z.object({ enabled: z.boolean(), nextRunAt: isoDateTimeSchema.nullable() });
export const payoutScheduleBodySchema = z.strictObject({ enabled: z.boolean() });

export type BeneficiaryDetails = z.input<typeof beneficiaryDetailsSchema>;
export type Beneficiary = z.infer<typeof beneficiarySchema>;
export type BeneficiaryHistoryEntry = z.infer<typeof beneficiaryHistoryEntrySchema>;
export type PayoutStatus = z.infer<typeof payoutStatusSchema>;
export type Payout = z.infer<typeof payoutSchema>;
export type PayoutRequestBody = z.input<typeof payoutRequestBodySchema>;
export type Balance = z.infer<typeof balanceSchema>;
export type StripeAccount = z.infer<typeof stripeAccountSchema>;
export type StripeOnboarding = z.infer<typeof stripeOnboardingSchema>;
export type PayoutSchedule = z.infer<typeof payoutScheduleSchema>;
