import { z } from 'zod';
import { channelParamsSchema } from './channels';
import { isoDateTimeSchema, uuidSchema } from './common';
import { CURRENCY_CODES } from './currencies';

export const chatRoleSchema = z.enum(['viewer', 'moderator', 'streamer']);

export const chatMessageSchema = z.object({
  id: uuidSchema,
  channelId: uuidSchema,
  /** The channel event sequence that announced this message. */
  seq: z.number().int(),
  author: z.object({
    /** Null for a tip from someone who never joined the chat. */
    viewerId: uuidSchema.nullable(),
    displayName: z.string(),
    kind: z.enum(['guest', 'account']),
    role: chatRoleSchema,
  }),
  /** Plain text. Render it as text, never as HTML. Empty for a tip without a (shown) message. */
  text: z.string(),
  createdAt: isoDateTimeSchema,
  /** Present on a tip's highlighted message: the amount, the tier colour, and until when to keep it pinned. */
  tip: z
    .object({
      id: uuidSchema,
      amount: z.number().int(),
      currency: z.enum(CURRENCY_CODES),
      color: z.string(),
      pinnedUntil: isoDateTimeSchema.nullable(),
    })
    .optional(),
});

/** Raw text is checked against the channel's limits after control characters are stripped. */
export const sendChatBodySchema = z.strictObject({
  text: z.string().min(1).max(2_000),
});

/**
 * An idempotency key: the `Idempotency-Key` header of a REST chat send or tip creation, or the
 * `clientMessageId` of a socket `chat:send`. 1 to 255 printable ASCII characters; a random UUID
 * per logical send is the intended use. A retry with the same key answers with the first result.
 */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x20-\x7e]+$/, 'Use 1 to 255 printable ASCII characters');

/** The socket's `chat:send` payload: the REST body plus an optional client message id (an idempotency key). */
export const chatSendPayloadSchema = sendChatBodySchema.extend({ clientMessageId: idempotencyKeySchema.optional() });

export const chatSettingsSchema = z.object({
  enabled: z.boolean(),
  slowModeSeconds: z.number().int().min(0).max(86_400),
  signedInOnly: z.boolean(),
  verifiedOnly: z.boolean(),
  maxMessageLength: z.number().int().min(1).max(500),
  linksAllowed: z.boolean(),
});

export const updateChatSettingsBodySchema = chatSettingsSchema
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one setting to change' });

export const chatHistoryQuerySchema = z.strictObject({
  /** A cursor from an earlier page: messages older than it. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const chatHistorySchema = z.object({
  /** Oldest first. */
  messages: z.array(chatMessageSchema),
  /** Pass as `before` for the next (older) page; null at the start of the chat. */
  nextCursor: z.number().int().nullable(),
  pinned: chatMessageSchema.nullable(),
});

export const messageParamsSchema = channelParamsSchema.extend({ id: uuidSchema });
export const pinBodySchema = z.strictObject({ messageId: uuidSchema });

export type ChatRole = z.infer<typeof chatRoleSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ChatSettings = z.infer<typeof chatSettingsSchema>;
export type UpdateChatSettingsBody = z.input<typeof updateChatSettingsBodySchema>;
export type ChatHistory = z.infer<typeof chatHistorySchema>;
export type ChatSendPayload = z.input<typeof chatSendPayloadSchema>;
