import { errorBodySchema, outboxQuerySchema, outboxSchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DevOutbox } from '../../mail/dev-outbox';

/** Registered only outside production and only when mail is logged instead of sent. */
export const devRoutes: FastifyPluginAsyncZod<{ outbox: DevOutbox }> = async (app, { outbox }) => {
  app.get(
    '/dev/outbox',
    {
      schema: {
        tags: ['development'],
        summary: 'Mails the development transport kept instead of sending (newest first)',
        querystring: outboxQuerySchema,
        response: { 200: outboxSchema, 400: errorBodySchema },
      },
    },
    async (request) => ({ mails: outbox.list(request.query.to) }),
  );
};
