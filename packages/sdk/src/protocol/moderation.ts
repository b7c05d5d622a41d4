import { z } from 'zod';
import { emailSchema, isoDateTimeSchema, text, uuidSchema } from './common';

export const banBodySchema = z.strictObject({
  viewerId: uuidSchema,
  reason: text(0, 200).optional(),
  /** A time-out: the ban lifts by itself after this many seconds. Absent: permanent. */
  durationSeconds: z
    .number()
    .int()
    .min(10)
    .max(30 * 86_400)
    .optional(),
  /** Also remove the viewer's messages of the last hour from everyone's chat. */
  deleteRecentMessages: z.boolean().optional(),
});

export const banSchema = z.object({
  id: uuidSchema,
  viewerId: uuidSchema,
  displayName: z.string(),
  reason: z.string(),
  expiresAt: isoDateTimeSchema.nullable(),
  createdAt: isoDateTimeSchema,
  createdBy: uuidSchema,
});

export const banListSchema = z.object({ bans: z.array(banSchema) });

export const addModeratorBodySchema = z.strictObject({ email: emailSchema });
export const moderatorSchema = z.object({ userId: uuidSchema, displayName: z.string(), email: z.string(), createdAt: isoDateTimeSchema });
export const moderatorListSchema = z.object({ moderators: z.array(moderatorSchema) });

/**
 * A word matches whole words after folding case, spacing, zero-width characters and look-alike
 * letters. A pattern may use `*` for any run of letters (e.g. `spam*`).
 */
export const blockedTermBodySchema = z.strictObject({
  term: text(1, 100),
  kind: z.enum(['word', 'pattern']).default('word'),
});
export const blockedTermSchema = z.object({
  id: uuidSchema,
  term: z.string(),
  kind: z.enum(['word', 'pattern']),
  createdAt: isoDateTimeSchema,
});
export const blockedTermListSchema = z.object({ terms: z.array(blockedTermSchema) });

export const moderationActionSchema = z.enum([
  'message.deleted',
  'chat.cleared',
  'message.pinned',
  'message.unpinned',
  'viewer.banned',
  'viewer.timed_out',
  'viewer.unbanned',
  'moderator.added',
  'moderator.removed',
  'blocked_term.added',
  'blocked_term.removed',
  'chat_settings.updated',
]);

export const auditEntrySchema = z.object({
  id: z.number().int(),
  action: moderationActionSchema,
  actor: z.object({ userId: uuidSchema, displayName: z.string() }),
  targetViewerId: uuidSchema.nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: isoDateTimeSchema,
});
export const auditLogQuerySchema = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const auditLogSchema = z.object({ entries: z.array(auditEntrySchema), nextCursor: z.number().int().nullable() });

export type BanBody = z.input<typeof banBodySchema>;
export type Ban = z.infer<typeof banSchema>;
export type Moderator = z.infer<typeof moderatorSchema>;
export type BlockedTermBody = z.input<typeof blockedTermBodySchema>;
export type BlockedTerm = z.infer<typeof blockedTermSchema>;
export type ModerationAction = z.infer<typeof moderationActionSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditLog = z.infer<typeof auditLogSchema>;
