import { z } from 'zod';
import { channelParamsSchema } from './channels';
import { isoDateTimeSchema, uuidSchema } from './common';
import { publicTipSchema } from './tips';

export const alertStatusSchema = z.enum(['queued', 'shown', 'skipped']);

/** A paid tip's alert on stream. Persisted, so an overlay that restarts resumes the queue. */
export const alertSchema = z.object({
  tipId: uuidSchema,
  status: alertStatusSchema,
  /** Queue order: oldest first. A replay puts the alert at the back with a new time. */
  queuedAt: isoDateTimeSchema,
  shownAt: isoDateTimeSchema.nullable(),
  replays: z.number().int(),
  tip: publicTipSchema,
});

export const alertSettingsSchema = z.object({
  /** Tips below this amount (minor units, channel currency) are not alerted; they still show in chat. */
  minAmount: z.number().int().min(0),
  paused: z.boolean(),
});

export const updateAlertSettingsBodySchema = z
  .strictObject({ minAmount: z.number().int().min(0).max(1_000_000_000_000), paused: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one setting to change' });

export const alertQueueSchema = z.object({
  settings: alertSettingsSchema,
  /** Queued alerts, oldest first: what an overlay plays next (unless paused). */
  queued: z.array(alertSchema),
});

export const alertListQuerySchema = z.strictObject({
  status: alertStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const alertListSchema = z.object({ alerts: z.array(alertSchema) });

export const alertParamsSchema = channelParamsSchema.extend({ tipId: uuidSchema });

export type AlertStatus = z.infer<typeof alertStatusSchema>;
export type Alert = z.infer<typeof alertSchema>;
export type AlertSettings = z.infer<typeof alertSettingsSchema>;
export type UpdateAlertSettingsBody = z.infer<typeof updateAlertSettingsBodySchema>;
export type AlertQueue = z.infer<typeof alertQueueSchema>;
