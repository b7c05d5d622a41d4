import {
  channelParamsSchema,
  chatHistoryQuerySchema,
  chatHistorySchema,
  chatMessageSchema,
  chatSettingsSchema,
  errorBodySchema,
  messageParamsSchema,
  okSchema,
  pinBodySchema,
  sendChatBodySchema,
  updateChatSettingsBodySchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { IDEMPOTENCY_HEADER, idempotencyHeadersSchema, idempotencyKeyOf } from '../idempotency/key';
import { viewerRoutes } from '../viewers/routes';
import type { ChatService } from './service';

const tags = ['chat'];
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
  429: errorBodySchema,
};

/** Chat of one channel. Handlers resolve the channel and the caller; the services decide. */
export const chatRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; chat: ChatService }> = async (app, { deps, chat }) => {
  await app.register(viewerRoutes, { deps, viewers: chat.viewers });

  app.get(
    '/channels/:slug/chat/settings',
    {
      schema: {
        tags,
        summary: "A channel's chat settings, public",
        params: channelParamsSchema,
        response: { 200: chatSettingsSchema, ...errors },
      },
    },
    async (request) => chat.settings.get(await deps.access.channel(request.params.slug)),
  );

  app.patch(
    '/channels/:slug/chat/settings',
    {
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
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return chat.settings.update(channel, actor, request.body);
    },
  );

  app.post(
    '/channels/:slug/chat/messages',
    {
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
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return reply.code(201).send(await chat.send(channel, actor, request.body.text, request.ip, key));
    },
  );

  app.get(
    '/channels/:slug/chat/messages',
    {
      schema: {
        tags,
        summary: 'Chat history, newest page first (oldest first within a page); pass nextCursor as before for older messages',
        params: channelParamsSchema,
        querystring: chatHistoryQuerySchema,
        response: { 200: chatHistorySchema, ...errors },
      },
    },
    async (request) => chat.history(await deps.access.channel(request.params.slug), request.query),
  );

  app.delete(
    '/channels/:slug/chat/messages/:id',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Delete a message: your own, or any as the streamer or a moderator',
        params: messageParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      await chat.messages.remove(channel, actor, request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/channels/:slug/chat/pin',
    {
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
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return chat.messages.pin(channel, actor, request.body.messageId);
    },
  );

  app.delete(
    '/channels/:slug/chat/pin',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Unpin the pinned message (streamer and moderators)',
        params: channelParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      await chat.messages.unpin(channel, actor);
      return { ok: true as const };
    },
  );

  app.post(
    '/channels/:slug/chat/clear',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Clear the chat for everyone (streamer and moderators); history starts after it',
        params: channelParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      await chat.messages.clear(channel, actor);
      return { ok: true as const };
    },
  );
};
