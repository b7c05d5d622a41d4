import {
  apiKeyListSchema,
  channelParamsSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  currentOverlayKeySchema,
  okSchema,
  overlayKeySchema,
  uuidSchema,
} from '@tipchat/sdk/protocol';
import { errorResponses } from '../../plugins/error-responses';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { KeyService } from './service';

const tags = ['keys'];
const errors = errorResponses(400, 401, 403, 404);
const keyParamsSchema = channelParamsSchema.extend({ id: uuidSchema });

/** Credentials a streamer hands to machines: the OBS overlay's key and backend API keys. Owner only. */
export const keyRoutes = channelScoped<{ deps: FeatureDeps; keys: KeyService }>(async (app, { keys }) => {
  app.get(
    '/overlay-key',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'The current overlay key, to copy the OBS URL again without rotating; null when there is none to show',
        params: channelParamsSchema,
        response: { 200: currentOverlayKeySchema, ...errors },
      },
    },
    async (request, reply) => {
      // A secret in the answer: no cache along the way keeps it.
      reply.header('cache-control', 'no-store');
      return { key: await keys.overlayKey(request.channelContext.channel.id) };
    },
  );

  app.post(
    '/overlay-key',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Make a new overlay key (the old one stops working at once, in every OBS source using it)',
        params: channelParamsSchema,
        response: { 201: overlayKeySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { channel } = request.channelContext;
      return reply.code(201).send({ key: await keys.rotateOverlayKey(channel.id) });
    },
  );

  app.get(
    '/api-keys',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The channel's active API keys (without the secrets)",
        params: channelParamsSchema,
        response: { 200: apiKeyListSchema, ...errors },
      },
    },
    async (request) => ({ apiKeys: await keys.listApiKeys(request.channelContext.channel.id) }),
  );

  app.post(
    '/api-keys',
    {
      config: { channelRole: 'streamer' },
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
      const { channel } = request.channelContext;
      return reply.code(201).send(await keys.createApiKey(channel.id, channel.ownerId, request.body.name, request.body.scopes));
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Revoke an API key',
        params: keyParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      await keys.revokeApiKey(request.channelContext.channel.id, request.params.id);
      return { ok: true as const };
    },
  );
});
