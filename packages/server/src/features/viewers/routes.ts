import { channelParamsSchema, chatIdentitySchema, joinChatBodySchema, viewerStandingSchema } from '@tipchat/sdk/protocol';
import { perMinuteLimit } from '../../limits/route-limits';
import { errorResponses } from '../../plugins/error-responses';
import { bearerOf } from '../access/actor';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { ViewerService } from './service';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429, 503);

/** Joining a channel's chat; who may join (not overlay or API keys) the viewer service decides. */
export const viewerRoutes = channelScoped<{ deps: FeatureDeps; viewers: ViewerService }>(async (app, { deps, viewers }) => {
  // Each guest join makes an identity: per address (JOIN_RATE_LIMIT_IP) and per device or credential (JOIN_RATE_LIMIT_DEVICE).
  const joinLimit = perMinuteLimit(deps, 'chat-join', deps.config.limits.joins, 'Too many chat joins');

  app.post(
    '/viewers',
    {
      config: { channelRole: 'anyone' },
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
      const { channel, actor } = request.channelContext;
      const { identity, created } = await viewers.join(channel, actor, request.body ?? {}, bearerOf(request.headers.authorization));
      return reply.code(created ? 201 : 200).send(identity);
    },
  );

  app.get(
    '/viewers/me',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags: ['chat'],
        security: bearerSecurity,
        summary: 'Your identity in the chat and the ban or time-out in force against it (null: none)',
        description: 'A widget asks on load, so a banned viewer sees why before trying to chat or tip. 404 until you have joined.',
        params: channelParamsSchema,
        response: { 200: viewerStandingSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => viewers.standing(request.channelContext.channel, request.channelContext.actor),
  );
});
