import {
  apiKeyListSchema,
  channelParamsSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  errorBodySchema,
  okSchema,
  overlayKeySchema,
  uuidSchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStreamer } from '../access/actor';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { KeyService } from './service';

const tags = ['keys'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const keyParamsSchema = channelParamsSchema.extend({ id: uuidSchema });

/** Credentials a streamer hands to machines: the OBS overlay's key and backend API keys. Owner only. */
export const keyRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; keys: KeyService }> = async (app, { deps, keys }) => {
  async function ownedChannel(request: Parameters<typeof deps.access.forRequest>[0], slug: string) {
    const { channel, actor } = await deps.access.forRequest(request, slug);
    requireStreamer(actor);
    return channel;
  }

  app.post(
    '/channels/:slug/overlay-key',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Make a new overlay key (the old one stops working); shown once',
        params: channelParamsSchema,
        response: { 201: overlayKeySchema, ...errors },
      },
    },
    async (request, reply) => {
      const channel = await ownedChannel(request, request.params.slug);
      return reply.code(201).send({ key: await keys.rotateOverlayKey(channel.id) });
    },
  );

  app.get(
    '/channels/:slug/api-keys',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The channel's active API keys (without the secrets)",
        params: channelParamsSchema,
        response: { 200: apiKeyListSchema, ...errors },
      },
    },
    async (request) => ({ apiKeys: await keys.listApiKeys((await ownedChannel(request, request.params.slug)).id) }),
  );

  app.post(
    '/channels/:slug/api-keys',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Create a scoped API key; the key is shown once',
        params: channelParamsSchema,
        body: createApiKeyBodySchema,
        response: { 201: createdApiKeySchema, ...errors },
      },
    },
    async (request, reply) => {
      const channel = await ownedChannel(request, request.params.slug);
      return reply.code(201).send(await keys.createApiKey(channel.id, channel.ownerId, request.body.name, request.body.scopes));
    },
  );

  app.delete(
    '/channels/:slug/api-keys/:id',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Revoke an API key',
        params: keyParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      await keys.revokeApiKey((await ownedChannel(request, request.params.slug)).id, request.params.id);
      return { ok: true as const };
    },
  );
};
