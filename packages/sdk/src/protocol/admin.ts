import { z } from 'zod';
import { isoDateTimeSchema } from './common';

export const createInviteBodySchema = z.strictObject({
  /** How long the invite works, in hours (default 168: a week). */
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .optional(),
});

/** A one-time invite to register (REGISTRATION=invite). The token is shown once: only its hash is stored. */
export const inviteSchema = z.object({
  token: z.string(),
  /** The dashboard's sign-up page with the invite filled in: send this to the person invited. */
  link: z.string(),
  expiresAt: isoDateTimeSchema,
});

export type CreateInviteBody = z.input<typeof createInviteBodySchema>;
export type Invite = z.infer<typeof inviteSchema>;
