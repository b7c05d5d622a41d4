import {
  channelParamsSchema,
  chatHistoryQuerySchema,
  chatHistorySchema,
  chatMessageSchema,
  chatSettingsSchema,
  messageParamsSchema,
  okSchema,
  pinBodySchema,
  sendChatBodySchema,
  updateChatSettingsBodySchema,
} from '@tipchat/sdk/protocol';
import { errorResponses } from '../../plugins/error-responses';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { checkIdempotencyKey, IDEMPOTENCY_HEADER, idempotencyHeadersSchema, idempotencyKeyOf } from '../idempotency/key';
import type { ChatService } from './service';

const tags = ['chat'];
const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);

/**
 * Chat of one channel. Settings, pins and clears are for the streamer and moderators; who may send or delete a
 * message the chat service decides (a socket send goes through the same checks).
 */
export const chatRoutes = channelScoped<{ deps: FeatureDeps; chat: ChatService }>(async (app, { chat }) => {
  app.get(
    '/chat/settings',
    {
      config: { channelRole: 'public' },
      schema: {
        tags,
        summary: "A channel's chat settings, public",
        params: channelParamsSchema,
        response: { 200: chatSettingsSchema, ...errors },
      },
    },
    async (request) => chat.settings.get(request.channelContext.channel),
  );

  app.patch(
    '/chat/settings',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Change chat settings (streamer and moderators); every chat view gets the change',
        params: channelParamsSchema,
        body: updateChatSettingsBodySchema,
        response: { 200: chatSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return chat.settings.update(channel, actor, request.body);
    },
  );

  app.post(
    '/chat/messages',
    {
      config: { channelRole: 'anyone' },
      preHandler: checkIdempotencyKey,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Send a chat message (joined viewers); the same checks as a socket send',
        description:
          'Send an Idempotency-Key header (1-255 printable ASCII, e.g. a random UUID per message) to make retries safe: the same key ' +
          'answers with the first message (201, same body) and never stores a second; the same key with other text answers 422 ' +
          'IDEMPOTENCY_KEY_REUSED. Keys are kept for at least 24 hours, per viewer and channel.',
        headers: idempotencyHeadersSchema,
        params: channelParamsSchema,
        body: sendChatBodySchema,
        response: { 201: chatMessageSchema, ...errors },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER]);
      const { channel, actor } = request.channelContext;
      return reply.code(201).send(await chat.send(channel, actor, request.body.text, request.ip, key));
    },
  );

  app.get(
    '/chat/messages',
    {
      config: { channelRole: 'public' },
      schema: {
        tags,
        summary: 'Chat history, newest page first (oldest first within a page); pass nextCursor as before for older messages',
        params: channelParamsSchema,
        querystring: chatHistoryQuerySchema,
        response: { 200: chatHistorySchema, ...errors },
      },
    },
    async (request) => chat.history(request.channelContext.channel, request.query),
  );

  app.delete(
    '/chat/messages/:id',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Delete a message: your own, or any as the streamer or a moderator',
        params: messageParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      await chat.messages.remove(channel, actor, request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/chat/pin',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Pin a message for everyone (streamer and moderators); replaces the pinned one',
        params: channelParamsSchema,
        body: pinBodySchema,
        response: { 200: chatMessageSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return chat.messages.pin(channel, actor, request.body.messageId);
    },
  );

  app.delete(
    '/chat/pin',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Unpin the pinned message (streamer and moderators)',
        params: channelParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      await chat.messages.unpin(channel, actor);
      return { ok: true as const };
    },
  );

  app.post(
    '/chat/clear',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Clear the chat for everyone (streamer and moderators); history starts after it',
        params: channelParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      await chat.messages.clear(channel, actor);
      return { ok: true as const };
    },
  );
});
