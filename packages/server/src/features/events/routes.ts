import { channelParamsSchema, eventPageSchema, eventsQuerySchema } from '@tipchat/sdk/protocol';
import { errorResponses } from '../../plugins/error-responses';
import { isStaff } from '../access/actor';
import { channelScoped } from '../access/channel-routes';
import type { FeatureDeps } from '../deps';

/**
 * The channel's event log after a sequence number: how a reconnecting client fills its gap,
 * and the polling fallback for clients without a socket.
 */
export const eventRoutes = channelScoped<{ deps: FeatureDeps }>(async (app, { deps }) => {
  app.get(
    '/events',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags: ['realtime'],
        summary: 'Channel events after a sequence number (oldest first); staff events only for staff credentials',
        description:
          'Answers 410 EVENTS_PRUNED, with `details: { oldestSeq, headSeq }`, when events after `after` were pruned ' +
          '(older than the retention period): reload the state and continue from `headSeq`.',
        params: channelParamsSchema,
        querystring: eventsQuerySchema,
        response: { 200: eventPageSchema, ...errorResponses(400, 401, 404, 410) },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return deps.events.page(channel.id, request.query.after, request.query.limit, isStaff(actor));
    },
  );
});
