import { channelParamsSchema } from '@tipchat/sdk/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors';
import type { FeatureDeps } from '../deps';
import { invalidKeyPage, overlayCsp, overlayPage } from './page';
import { overlayQuerySchema } from './query';

/** A Host header the page may name as its own origin: a hostname or IP literal, optionally with a port. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** This request's own origin (behind a proxy, as the proxy forwarded it when TRUST_PROXY is set). */
function originOf(request: FastifyRequest): string {
  if (!HOST.test(request.host)) throw new AppError('BAD_REQUEST', 'The Host header is not a host name');
  return `${request.protocol}://${request.host}`;
}

/**
 * The channel's secret overlay URL for an OBS browser source: `GET /overlay/:slug?key=tco_…`.
 * The key is checked here, so a rotated key shows a notice in OBS rather than empty elements.
 * The key travels in the URL, so the page is never cached and never sent as a referrer.
 */
export const overlayPageRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps }> = async (app, { deps }) => {
  app.get(
    '/overlay/:slug',
    {
      schema: {
        tags: ['overlay'],
        summary:
          'The OBS overlay page (text/html): alerts, goal, chat and leaderboard composed at 1920×1080 on a transparent background; 401 page for a wrong key',
        params: channelParamsSchema,
        querystring: overlayQuerySchema,
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const query = request.query;
      const server = originOf(request);
      const channel = await deps.access.channel(slug);
      let keyValid = true;
      try {
        await deps.access.actor(channel, query.key);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'TOKEN_INVALID')) throw error;
        keyValid = false;
      }
      return reply
        .code(keyValid ? 200 : 401)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', overlayCsp(query.sound))
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .send(keyValid ? overlayPage(channel.slug, server, query) : invalidKeyPage(slug, query.lang));
    },
  );
};
