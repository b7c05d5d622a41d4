import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { AppError } from '../errors';
import { counters } from '../limits/counters';
import { rateLimitStore } from '../limits/plugin-store';

/**
 * Channel routes (reading, joining the chat, chatting) are for any origin: the widget runs on
 * streamers' own sites. They authenticate with bearer tokens, never cookies, so an open origin
 * grants a page nothing its visitor did not hand it. Account routes (sign-in, profile) are for
 * the dashboard's origin only.
 */
const PUBLIC_PATHS = [
  /^\/api\/v1\/channels\/[^/]+(\/.*)?$/,
  /^\/api\/v1\/(chat\/messages|viewers)\/.*$/,
  // The tipper's widget follows its tip and runs the dev checkout from the streamer's site.
  /^\/api\/v1\/tips\/[^/]+(\/dev-checkout)?$/,
  /^\/(healthz|readyz|openapi\.json)$/,
];

function isPublic(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return PUBLIC_PATHS.some((pattern) => pattern.test(path));
}

export const securityPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(helmet, {
      // The API answers JSON; the docs page sets its own policy. Cross-origin reads are
      // governed by CORS below, so helmet must not also forbid them.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      contentSecurityPolicy: false,
    });
    await app.register(cors, {
      delegator: (request, callback) => {
        callback(null, {
          origin: isPublic(request) ? '*' : [config.dashboardOrigin],
          methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
          allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
          // Readable by the widget and dashboard: the id to quote in a bug report, and how long a 429/503 asks to wait.
          exposedHeaders: ['x-request-id', 'retry-after'],
          maxAge: 600,
        });
      },
    });
    await app.register(rateLimit, {
      global: false,
      // Our counters (Redis or this process): a Redis failure answers 503 with a retry hint, not 500.
      store: rateLimitStore(counters(app.redis, config.redis?.keyPrefix ?? '', 'rl')),
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `Too many requests. Try again in ${context.after}.`, {
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        }),
    });
  },
  { name: 'tipchat-security', dependencies: ['tipchat-redis'] },
);
