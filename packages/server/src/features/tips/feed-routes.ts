import {
  channelParamsSchema,
  channelTipParamsSchema,
  errorBodySchema,
  markTipBodySchema,
  markTipsBodySchema,
  okSchema,
  tipFeedItemSchema,
  tipFeedPageSchema,
  tipFeedQuerySchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { TipFeedService } from './feed-service';

const tags = ['tips'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/**
 * The streamer's tip feed. Reading: the streamer, moderators and API keys with `events:read` (or
 * `moderation`); marking: the streamer, moderators and API keys with `moderation`. Handlers
 * resolve the channel and the caller; the service decides.
 */
export const tipFeedRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; feed: TipFeedService }> = async (app, { deps, feed }) => {
  app.get(
    '/channels/:slug/tips',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'The tip feed: filter, sort, page with nextCursor; totals cover every tip the filters match',
        description:
          'Default statuses: every paid one (succeeded, partially_refunded, refunded, disputed, dispute_lost). ' +
          'from (inclusive) and to (exclusive) apply to when the tip was created; minAmount and maxAmount (inclusive) to its gross. ' +
          'Hidden tips are left out unless includeHidden=true. q searches display names and messages, case-insensitively. ' +
          'A cursor belongs to the sort it was made with.',
        params: channelParamsSchema,
        querystring: tipFeedQuerySchema,
        response: { 200: tipFeedPageSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return feed.list(channel, actor, request.query);
    },
  );

  app.post(
    '/channels/:slug/tips/mark-read',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Mark up to 100 tips read or unread; all or nothing: 404 if any id is not a tip of this channel',
        params: channelParamsSchema,
        body: markTipsBodySchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      await feed.markRead(channel, actor, request.body.ids, request.body.read);
      return { ok: true as const };
    },
  );

  app.get(
    '/channels/:slug/tips/:id',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'One tip as the feed shows it (hidden or not, any status)',
        params: channelTipParamsSchema,
        response: { 200: tipFeedItemSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return feed.get(channel, actor, request.params.id);
    },
  );

  app.patch(
    '/channels/:slug/tips/:id',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Mark a tip read, starred or hidden (or undo); other dashboards get tip.updated',
        params: channelTipParamsSchema,
        body: markTipBodySchema,
        response: { 200: tipFeedItemSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return feed.mark(channel, actor, request.params.id, request.body);
    },
  );
};
