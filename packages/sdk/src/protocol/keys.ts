import { z } from 'zod';
import { isoDateTimeSchema, text, uuidSchema } from './common';

/**
 * Every key reads the channel's events, staff events included ('events:read'); 'moderation' also
 * lets it act as a moderator. Chatting needs a chat identity, which keys do not have.
 */
export const API_KEY_SCOPES = ['events:read', 'moderation'] as const;

export const createApiKeyBodySchema = z.strictObject({
  name: text(1, 64),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
});

export const apiKeySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdAt: isoDateTimeSchema,
  lastUsedAt: isoDateTimeSchema.nullable(),
});

/** The key is shown once, here; only a hash is stored. */
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, key: z.string() });
export const apiKeyListSchema = z.object({ apiKeys: z.array(apiKeySchema) });

export const overlayKeySchema = z.object({
  /** Put it in the overlay URL. Rotating makes the old one stop working at once. */
  key: z.string(),
});

/** The current overlay key for its owner, or null when there is none to show (make one by rotating). */
export const currentOverlayKeySchema = z.object({ key: z.string().nullable() });

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export type CreateApiKeyBody = z.input<typeof createApiKeyBodySchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
