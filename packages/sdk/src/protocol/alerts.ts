import { z } from 'zod';
import { alertDesignSchema } from './alert-design';
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
  /** The alert designer's variations; absent until the streamer designs alerts (overlays play the classic card). */
  design: alertDesignSchema.optional(),
});

export const updateAlertSettingsBodySchema = z
  .strictObject({
    minAmount: z.number().int().min(0).max(1_000_000_000_000),
    paused: z.boolean(),
    /** null goes back to the classic alert. */
    design: alertDesignSchema.nullable(),
  })
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
/** What a client sends: a design's fields may be left out (they take their defaults). */
export type UpdateAlertSettingsBody = z.input<typeof updateAlertSettingsBodySchema>;
/** The body as the server has it once validated: a design with every field. */
export type AlertSettingsPatch = z.infer<typeof updateAlertSettingsBodySchema>;
export type AlertQueue = z.infer<typeof alertQueueSchema>;
