import { outboxQuerySchema, outboxSchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DevOutbox } from '../../mail/dev-outbox';
import { errorResponses } from '../../plugins/error-responses';

/**
 * Registered only outside production and only when mail is logged instead of sent. Mail leaves through the durable
 * queue after its request answered, so the route first delivers what is queued: a link shows up right after the
 * request that mailed it.
 */
export const devRoutes: FastifyPluginAsyncZod<{ outbox: DevOutbox; flush: () => Promise<void> }> = async (app, { outbox, flush }) => {
  app.get(
    '/dev/outbox',
    {
      schema: {
        tags: ['development'],
        summary: 'Mails the development transport kept instead of sending (newest first)',
        querystring: outboxQuerySchema,
        response: { 200: outboxSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      await flush();
      return { mails: outbox.list(request.query.to) };
    },
  );
};
