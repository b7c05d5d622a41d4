import {
  channelListSchema,
  channelParamsSchema,
  channelSchema,
  createChannelBodySchema,
  startStreamBodySchema,
  streamListSchema,
  streamParamsSchema,
  streamSchema,
  updateChannelBodySchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../plugins/error-responses';
import { accountOf, bearerSecurity } from '../auth/guard';
import type { ChannelService } from './service';

const tags = ['channels'];
const errors = errorResponses(400, 401, 403, 404, 409, 422);
const streamListQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const channelRoutes: FastifyPluginAsyncZod<{ channels: ChannelService }> = async (app, { channels }) => {
  app.post(
    '/channels',
    {
      preHandler: app.requireVerifiedAccount,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Create your channel (needs a verified email)',
        body: createChannelBodySchema,
        response: { 201: channelSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await channels.create(accountOf(request), request.body)),
  );

  app.get(
    '/user/channels',
    {
      preHandler: app.requireAccount,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Channels the signed-in account owns',
        response: { 200: channelListSchema, ...errors },
      },
    },
    async (request) => ({ channels: await channels.listOwned(accountOf(request)) }),
  );

  app.get(
    '/channels/:slug',
    {
      schema: { tags, summary: 'A channel, public', params: channelParamsSchema, response: { 200: channelSchema, ...errors } },
    },
    async (request) => channels.get(request.params.slug),
  );

  app.patch(
    '/channels/:slug',
    {
      preHandler: app.requireAccount,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Change your channel (owner only)',
        params: channelParamsSchema,
        body: updateChannelBodySchema,
        response: { 200: channelSchema, ...errors },
      },
    },
    async (request) => channels.update(accountOf(request), request.params.slug, request.body),
  );

  app.post(
    '/channels/:slug/streams',
    {
      preHandler: app.requireAccount,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Go live: start a stream (owner only)',
        params: channelParamsSchema,
        body: startStreamBodySchema.nullish(),
        response: { 201: streamSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await channels.startStream(accountOf(request), request.params.slug, request.body?.title)),
  );

  app.get(
    '/channels/:slug/streams',
    {
      schema: {
        tags,
        summary: "A channel's recent streams, newest first",
        params: channelParamsSchema,
        querystring: streamListQuerySchema,
        response: { 200: streamListSchema, ...errors },
      },
    },
    async (request) => ({ streams: await channels.listStreams(request.params.slug, request.query.limit) }),
  );

  app.delete(
    '/streams/:id',
    {
      preHandler: app.requireAccount,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'End a stream (owner only); its record is kept',
        params: streamParamsSchema,
        response: { 200: streamSchema, ...errors },
      },
    },
    async (request) => channels.endStream(accountOf(request), request.params.id),
  );
};
