import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Config } from '../config';

/** OpenAPI generated from the same zod schemas that validate requests, plus a reference page. */
export const openApiPlugin = fp<{ config: Config; version: string }>(
  async (app, { config, version }) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'tipchat API',
          description: 'Chat tipping for live streamers. Errors are always `{ "error": { "code", "message", "details"? } }`.',
          version,
        },
        servers: [{ url: config.publicUrl }],
        // In the order a streamer meets them.
        tags: [
          { name: 'auth', description: 'Sign-up, sign-in and sessions' },
          { name: 'user', description: 'The signed-in account' },
          { name: 'channels', description: 'Channels and their streams' },
          { name: 'chat', description: 'Joining the chat, messages and chat settings' },
          { name: 'moderation', description: 'Moderators, bans, blocked terms and the audit log' },
          { name: 'keys', description: 'Overlay and API keys' },
          { name: 'tips', description: 'Paying a tip, following it, refunds and tiers' },
          { name: 'tip-feed', description: "The streamer's tip feed: filters, sorting, marks and totals" },
          { name: 'alerts', description: 'The alert queue: overlays play and acknowledge, the dashboard pauses, skips and replays' },
          { name: 'goals', description: 'The channel goal and top-tipper leaderboards' },
          { name: 'webhooks', description: 'Signed payment provider events (Stripe, Cashfree)' },
          { name: 'realtime', description: 'The channel event log: polling and the WebSocket feed (socket.io: see docs/realtime.md)' },
          { name: 'health', description: 'Liveness and readiness' },
          { name: 'development', description: 'Only outside production' },
        ],
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      // The reference page's own script sets inline styles; allow those, and nothing else inline.
      transformStaticCSP: (header) => header.replace("style-src 'self' https:", "style-src 'self' https: 'unsafe-inline'"),
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'tipchat-openapi' },
);
