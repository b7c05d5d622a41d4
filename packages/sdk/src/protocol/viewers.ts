import { z } from 'zod';
import { isoDateTimeSchema, text, uuidSchema } from './common';

export const viewerSchema = z.object({
  id: uuidSchema,
  channelId: uuidSchema,
  displayName: z.string(),
  kind: z.enum(['guest', 'account']),
  createdAt: isoDateTimeSchema,
});

/**
 * Join a channel's chat. With an account's access token the viewer is that account (its display
 * name unless one is given); without, a guest with the chosen name. The device token ties guest
 * identities made on one device together, so a ban follows a banned guest to a new name.
 */
export const joinChatBodySchema = z.strictObject({
  displayName: text(2, 32).optional(),
  deviceToken: z
    .string()
    .min(16)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});

export const chatIdentitySchema = z.object({
  viewer: viewerSchema,
  /** For guests: send as `Authorization: Bearer <guestToken>`. Absent for accounts, which use their access token. */
  guestToken: z.string().nullable(),
  /** Keep it on the device (e.g. localStorage) and send it when joining again. */
  deviceToken: z.string(),
});

/**
 * Where the caller stands in a channel's chat: their identity there and the ban or time-out in
 * force against it (null: none), so a client shows a banned viewer why they cannot chat or tip
 * before they try.
 */
export const viewerStandingSchema = z.object({
  viewer: viewerSchema,
  ban: z.object({ expiresAt: isoDateTimeSchema.nullable() }).nullable(),
});

export type Viewer = z.infer<typeof viewerSchema>;
export type ViewerStanding = z.infer<typeof viewerStandingSchema>;
export type JoinChatBody = z.input<typeof joinChatBodySchema>;
export type ChatIdentity = z.infer<typeof chatIdentitySchema>;
