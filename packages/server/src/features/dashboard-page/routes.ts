import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors';
import { DASHBOARD_BASE, dashboardCsp, dashboardPage } from './page';

/** A Host header the page may name as its own origin: a hostname or IP literal, optionally with a port. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The original web client's top-level paths, which now live in the dashboard. `/reset-password`
 * and `/verify-email` are not among them: the server's own pages (features/auth/page-routes.ts)
 * answer those, and mail links point there.
 */
const SHORTCUTS = ['/login', '/register', '/verify', '/resend-email', '/forgot-password', '/profile'] as const;

/**
 * The streamer dashboard: `GET /dashboard` and every path below it answer the same HTML shell,
 * whose `<tipchat-dashboard>` element routes on the path itself (login, register, tips, chat…),
 * so links and reloads work on any dashboard URL. Tokens can arrive in the URL (`/verify?token=`),
 * so the page is never cached and never sent as a referrer.
 */
export const dashboardPageRoutes: FastifyPluginAsyncZod = async (app) => {
  const serve = async (request: FastifyRequest, reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', dashboardCsp())
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(dashboardPage(originOf(request)));

  const schema = { hide: true };
  app.get(DASHBOARD_BASE, { schema }, serve);
  app.get(`${DASHBOARD_BASE}/*`, { schema }, serve);

  for (const path of SHORTCUTS) {
    app.get(path, { schema }, async (request, reply) => {
      const query = request.url.indexOf('?');
      return reply.redirect(`${DASHBOARD_BASE}${path}${query === -1 ? '' : request.url.slice(query)}`, 302);
    });
  }
};

/** This request's own origin (behind a proxy, as the proxy forwarded it when TRUST_PROXY is set). */
function originOf(request: FastifyRequest): string {
  if (!HOST.test(request.host)) throw new AppError('BAD_REQUEST', 'The Host header is not a host name');
  return `${request.protocol}://${request.host}`;
}
