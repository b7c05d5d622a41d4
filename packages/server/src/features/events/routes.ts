import { channelParamsSchema, errorBodySchema, eventPageSchema, eventsQuerySchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isStaff } from '../access/actor';
import type { FeatureDeps } from '../deps';

/**
 * The channel's event log after a sequence number: how a reconnecting client fills its gap,
 * and the polling fallback for clients without a socket.
 */
export const eventRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps }> = async (app, { deps }) => {
  app.get(
    '/channels/:slug/events',
    {
      schema: {
        tags: ['realtime'],
        summary: 'Channel events after a sequence number (oldest first); staff events only for staff credentials',
        description:
          'Answers 410 EVENTS_PRUNED, with `details: { oldestSeq, headSeq }`, when events after `after` were pruned ' +
          '(older than the retention period): reload the state and continue from `headSeq`.',
        params: channelParamsSchema,
        querystring: eventsQuerySchema,
        response: { 200: eventPageSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema, 410: errorBodySchema },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return deps.events.page(channel.id, request.query.after, request.query.limit, isStaff(actor));
    },
  );
};
