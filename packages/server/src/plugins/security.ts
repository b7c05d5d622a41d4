import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { AppError } from '../errors';

/**
 * Reads that any page may make: the widget runs on streamers' own sites, on every origin.
 * Everything else (sign-in, account and channel changes) is for the dashboard's origin only.
 */
const PUBLIC_READ_PATHS = [/^\/api\/v1\/channels\/[^/]+(\/streams)?$/, /^\/(healthz|readyz|openapi\.json)$/];

function isPublicRead(request: FastifyRequest): boolean {
  const method = request.method === 'OPTIONS' ? request.headers['access-control-request-method'] : request.method;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  return PUBLIC_READ_PATHS.some((pattern) => pattern.test(path));
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
          origin: isPublicRead(request) ? '*' : [config.dashboardOrigin],
          methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
          allowedHeaders: ['authorization', 'content-type'],
          maxAge: 600,
        });
      },
    });
    await app.register(rateLimit, {
      global: false,
      ...(app.redis ? { redis: app.redis, nameSpace: `${config.redis?.keyPrefix ?? ''}rl:` } : {}),
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `Too many requests. Try again in ${context.after}.`, {
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        }),
    });
  },
  { name: 'tipchat-security', dependencies: ['tipchat-redis'] },
);
