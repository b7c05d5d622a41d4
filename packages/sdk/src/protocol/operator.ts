import { z } from 'zod';
import { isoDateTimeSchema, text, uuidSchema } from './common';
import { CURRENCY_CODES } from './currencies';

/*
 * The operator console (`/api/v1/admin/*`, admin accounts only): accounts and channels, restrictions,
 * platform totals, the fee, refunds on a streamer's behalf, and the audit log of all of it.
 */

const currencySchema = z.enum(CURRENCY_CODES);

/** Why an admin did something: required, kept in the audit log (and for a restriction, shown to the streamer). */
export const operatorReasonSchema = text(3, 500, { multiline: true });

/** An account restricted by the operator: it signs in, but its channel takes no new tips. */
export const operatorRestrictionSchema = z.object({
  reason: z.string(),
  restrictedAt: isoDateTimeSchema,
  restrictedBy: uuidSchema.nullable(),
});

/** The signed-in account's restriction (GET /user/restriction), for the dashboard's banner. */
export const myRestrictionSchema = z.object({ restriction: operatorRestrictionSchema.nullable() });

export const directoryQuerySchema = z.strictObject({
  /** Part of an email, a display name or a channel slug (case-insensitive). */
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const channelSummarySchema = z.object({ id: uuidSchema, slug: z.string(), displayName: z.string(), currency: currencySchema });

export const operatorUserSchema = z.object({
  id: uuidSchema,
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['streamer', 'admin']),
  /** `restricted` here is an account its owner deactivated; the operator's restriction is `restriction`. */
  status: z.enum(['active', 'restricted']),
  emailVerified: z.boolean(),
  createdAt: isoDateTimeSchema,
  restriction: operatorRestrictionSchema.nullable(),
  channel: channelSummarySchema.nullable(),
});

export const operatorUserPageSchema = z.object({
  users: z.array(operatorUserSchema),
  page: z.number().int(),
  limit: z.number().int(),
  /** How many accounts match the search in all. */
  total: z.number().int(),
});

export const operatorChannelSchema = channelSummarySchema.extend({
  ownerId: uuidSchema,
  ownerEmail: z.string(),
  ownerDisplayName: z.string(),
  /** The owner is restricted by the operator: the channel takes no new tips. */
  restricted: z.boolean(),
  createdAt: isoDateTimeSchema,
});

export const operatorChannelPageSchema = z.object({
  channels: z.array(operatorChannelSchema),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
});

export const operatorUserParamsSchema = z.strictObject({ id: uuidSchema });
export const operatorReasonBodySchema = z.strictObject({ reason: operatorReasonSchema });

export const adminAuditQuerySchema = z.strictObject({
  /** Only the entries about this target id (a user id, a tip id). */
  targetId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const adminAuditEntrySchema = z.object({
  id: z.string(),
  actorId: uuidSchema.nullable(),
  /** The admin's email as it is now (null when the account is gone). */
  actorEmail: z.string().nullable(),
  /** account.restrict, account.unrestrict, fee.set, tip.refund */
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: isoDateTimeSchema,
});

export const adminAuditLogSchema = z.object({ entries: z.array(adminAuditEntrySchema) });

const dateSchema = z.iso.date();

export const platformTotalsQuerySchema = z.strictObject({
  /** First day (UTC, YYYY-MM-DD), inclusive; default 30 days before `to`. */
  from: dateSchema.optional(),
  /** Last day (UTC, YYYY-MM-DD), inclusive; default today. */
  to: dateSchema.optional(),
});

/** One currency's money on one UTC day, in minor units. */
export const platformDayTotalsSchema = z.object({
  day: dateSchema,
  currency: currencySchema,
  /** Tips paid that day: what tippers paid. */
  volume: z.number().int(),
  /** Tips paid that day. */
  tips: z.number().int(),
  /** The platform's fee income booked that day (less fees given back with refunds and disputes). */
  fees: z.number().int(),
  /** Refunds that succeeded that day. */
  refunds: z.number().int(),
  /** Disputes opened that day. */
  disputes: z.number().int(),
  /** Payouts settled to streamers that day. */
  payouts: z.number().int(),
});

export const platformTotalsSchema = z.object({
  from: dateSchema,
  to: dateSchema,
  /** Days with any money, oldest first, one row per currency. */
  days: z.array(platformDayTotalsSchema),
});

/** The fee a new tip is quoted: basis points (0 to 5000, i.e. up to 50 %) plus a fixed part per currency. */
export const platformFeeSettingSchema = z.object({
  basisPoints: z.number().int(),
  fixed: z.partialRecord(currencySchema, z.number().int()),
  /** `config`: no row in the database yet, the server's PLATFORM_FEE_* settings apply. */
  source: z.enum(['config', 'database']),
  effectiveAt: isoDateTimeSchema.nullable(),
  setBy: uuidSchema.nullable(),
  reason: z.string(),
});

export const platformFeesSchema = z.object({
  current: platformFeeSettingSchema,
  /** Every setting stored, newest first. */
  history: z.array(platformFeeSettingSchema),
});

export const setPlatformFeeBodySchema = z.strictObject({
  basisPoints: z.number().int().min(0).max(5_000),
  /** Minor units per currency, each at least 0; a currency left out has no fixed part. */
  fixed: z.partialRecord(currencySchema, z.number().int().min(0).max(1_000_000_000)).default({}),
  reason: operatorReasonSchema,
});

/** Who may sign up on this server (REGISTRATION): anyone, with an admin's invite, or nobody (the CLI makes accounts). */
export const registrationPolicySchema = z.object({ policy: z.enum(['open', 'invite', 'closed']) });

export const operatorTipParamsSchema = z.strictObject({ id: uuidSchema });

export const operatorRefundBodySchema = z.strictObject({
  /** Minor units; default: everything still refundable. */
  amount: z.number().int().positive().optional(),
  /** Kept in the audit log and passed to the provider as the refund's reason. */
  reason: text(3, 200),
});

export type OperatorRestriction = z.infer<typeof operatorRestrictionSchema>;
export type MyRestriction = z.infer<typeof myRestrictionSchema>;
/** Query strings: written out, since their coerced numbers read as `unknown` in the schemas' input type. */
export interface DirectoryQuery {
  q?: string;
  page?: number;
  limit?: number;
}
export type OperatorUser = z.infer<typeof operatorUserSchema>;
export type OperatorUserPage = z.infer<typeof operatorUserPageSchema>;
export type OperatorChannel = z.infer<typeof operatorChannelSchema>;
export type OperatorChannelPage = z.infer<typeof operatorChannelPageSchema>;
export type OperatorReasonBody = z.input<typeof operatorReasonBodySchema>;
export interface AdminAuditQuery {
  targetId?: string;
  limit?: number;
}
export type AdminAuditEntry = z.infer<typeof adminAuditEntrySchema>;
export type AdminAuditLog = z.infer<typeof adminAuditLogSchema>;
export type PlatformTotalsQuery = z.input<typeof platformTotalsQuerySchema>;
export type PlatformDayTotals = z.infer<typeof platformDayTotalsSchema>;
export type PlatformTotals = z.infer<typeof platformTotalsSchema>;
export type PlatformFeeSetting = z.infer<typeof platformFeeSettingSchema>;
export type PlatformFees = z.infer<typeof platformFeesSchema>;
export type SetPlatformFeeBody = z.input<typeof setPlatformFeeBodySchema>;
export type OperatorRefundBody = z.input<typeof operatorRefundBodySchema>;
export type RegistrationPolicy = z.infer<typeof registrationPolicySchema>;
