import fp from 'fastify-plugin';
import { REQUEST_ID_HEADER } from '../request-id';

/** Every answer names its request: the id on the request's log lines, for a bug report or a proxy's log to quote. */
export const requestIdPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
    });
  },
  { name: 'tipchat-request-id' },
);
