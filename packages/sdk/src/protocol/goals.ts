import { z } from 'zod';
import { minorAmountSchema } from './channels';
import { isoDateTimeSchema, text, uuidSchema } from './common';
import { CURRENCY_CODES } from './currencies';

/** The channel's current goal and how far tips have carried it. */
export const goalSchema = z.object({
  id: uuidSchema,
  title: z.string(),
  target: z.number().int(),
  currency: z.enum(CURRENCY_CODES),
  /** Paid tips in the goal's currency since it started (up to the deadline), refunds deducted. */
  progress: z.number().int(),
  tipCount: z.number().int(),
  startsAt: isoDateTimeSchema,
  deadline: isoDateTimeSchema.nullable(),
  reached: z.boolean(),
});

export const goalResponseSchema = z.object({ goal: goalSchema.nullable() });

export const setGoalBodySchema = z.strictObject({
  title: text(1, 80),
  /** Minor units of the channel's currency. */
  target: minorAmountSchema,
  deadline: isoDateTimeSchema.nullable().default(null),
  /** Count tips from this moment (default: now). A replaced goal starts over unless given. */
  startsAt: isoDateTimeSchema.optional(),
});

export const LEADERBOARD_PERIODS = ['day', 'week', 'month', 'all'] as const;
export const leaderboardPeriodSchema = z.enum(LEADERBOARD_PERIODS);

export const leaderboardEntrySchema = z.object({
  rank: z.number().int(),
  displayName: z.string(),
  /** Sum of paid tips in the period, refunds deducted, in the channel's currency. */
  amount: z.number().int(),
  tipCount: z.number().int(),
});

export const leaderboardSchema = z.object({
  period: leaderboardPeriodSchema,
  currency: z.enum(CURRENCY_CODES),
  /** Periods are calendar periods in UTC: the day, the ISO week (from Monday), the month. */
  since: isoDateTimeSchema.nullable(),
  entries: z.array(leaderboardEntrySchema),
});

export const leaderboardQuerySchema = z.strictObject({
  period: leaderboardPeriodSchema.default('week'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** Pushed after every change of the tips that count: the top 10 of each period. */
export const leaderboardsSchema = z.object({
  currency: z.enum(CURRENCY_CODES),
  day: z.array(leaderboardEntrySchema),
  week: z.array(leaderboardEntrySchema),
  month: z.array(leaderboardEntrySchema),
  all: z.array(leaderboardEntrySchema),
});

export type Goal = z.infer<typeof goalSchema>;
export type SetGoalBody = z.input<typeof setGoalBodySchema>;
export type LeaderboardPeriod = z.infer<typeof leaderboardPeriodSchema>;
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;
export type Leaderboard = z.infer<typeof leaderboardSchema>;
export type Leaderboards = z.infer<typeof leaderboardsSchema>;
