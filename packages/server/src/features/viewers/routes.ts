import { channelParamsSchema, chatIdentitySchema, errorBodySchema, joinChatBodySchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { perMinuteLimit } from '../../limits/route-limits';
import { bearerOf } from '../access/actor';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { ViewerService } from './service';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
  429: errorBodySchema,
  503: errorBodySchema,
};

export const viewerRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; viewers: ViewerService }> = async (app, { deps, viewers }) => {
  // Each guest join makes an identity: per address (JOIN_RATE_LIMIT_IP) and per device or credential (JOIN_RATE_LIMIT_DEVICE).
  const joinLimit = perMinuteLimit(deps, 'chat-join', deps.config.limits.joins, 'Too many chat joins');

  app.post(
    '/channels/:slug/viewers',
    {
      preHandler: joinLimit,
      schema: {
        tags: ['chat'],
        security: [...bearerSecurity, {}],
        summary: 'Join the chat: as a guest (no credential, a display name) or as your account (access token)',
        description:
          'Answers 201 with a new identity, or 200 with the one the credential already has in this channel (its name stays; the device token given is remembered).',
        params: channelParamsSchema,
        body: joinChatBodySchema.nullish(),
        response: { 200: chatIdentitySchema, 201: chatIdentitySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      const { identity, created } = await viewers.join(channel, actor, request.body ?? {}, bearerOf(request.headers.authorization));
      return reply.code(created ? 201 : 200).send(identity);
    },
  );
};
