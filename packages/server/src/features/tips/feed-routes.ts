import {
  channelParamsSchema,
  channelTipParamsSchema,
  markTipBodySchema,
  markTipsBodySchema,
  okSchema,
  tipFeedItemSchema,
  tipFeedPageSchema,
  tipFeedQuerySchema,
} from '@tipchat/sdk/protocol';
import { errorResponses } from '../../plugins/error-responses';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { TipFeedService } from './feed-service';

const tags = ['tips'];
const errors = errorResponses(400, 401, 403, 404);

/**
 * The streamer's tip feed. Reading: the streamer, moderators and API keys with `events:read` (or
 * `moderation`), which the feed service decides; marking: those who moderate, whom the routes let in.
 */
export const tipFeedRoutes = channelScoped<{ deps: FeatureDeps; feed: TipFeedService }>(async (app, { feed }) => {
  app.get(
    '/tips',
    {
      config: { channelRole: 'anyone' },
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
      const { channel, actor } = request.channelContext;
      return feed.list(channel, actor, request.query);
    },
  );

  app.post(
    '/tips/mark-read',
    {
      config: { channelRole: 'moderator' },
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
      await feed.markRead(request.channelContext.channel, request.body.ids, request.body.read);
      return { ok: true as const };
    },
  );

  app.get(
    '/tips/:id',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'One tip as the feed shows it (hidden or not, any status)',
        params: channelTipParamsSchema,
        response: { 200: tipFeedItemSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return feed.get(channel, actor, request.params.id);
    },
  );

  app.patch(
    '/tips/:id',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Mark a tip read, starred or hidden (or undo); other dashboards get tip.updated',
        params: channelTipParamsSchema,
        body: markTipBodySchema,
        response: { 200: tipFeedItemSchema, ...errors },
      },
    },
    async (request) => feed.mark(request.channelContext.channel, request.params.id, request.body),
  );
});
