import { healthSchema, readinessSchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { appliedMigrationCount } from '../../db/migrator';
import { AppError } from '../../errors';
import { errorResponses } from '../../plugins/error-responses';

const tags = ['health'];

/** A PING, bounded by the command timeout; it fails at once while disconnected (no offline queue). */
async function redisAnswers(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags, summary: 'The process is up', response: { 200: healthSchema } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'The database answers, every migration is applied, and Redis (when configured) answers',
        response: { 200: readinessSchema, ...errorResponses(503) },
      },
    },
    async () => {
      let applied: number;
      try {
        applied = await appliedMigrationCount(app.sql);
      } catch (error) {
        app.log.warn({ err: error }, 'readiness: database check failed');
        throw new AppError('NOT_READY', 'The database is not reachable');
      }
      if (applied < app.migrationCount) throw new AppError('NOT_READY', `Migrations pending: ${app.migrationCount - applied}`);
      // Without Redis, limits and chat answer 503: this process should get no traffic until it is back.
      if (app.redis && !(app.redisHealth?.up && (await redisAnswers(app.redis)))) {
        throw new AppError('NOT_READY', 'Redis is not reachable', { redis: 'down' });
      }
      return {
        status: 'ready' as const,
        database: 'ok' as const,
        redis: app.redis ? ('ok' as const) : ('not-configured' as const),
        migrations: applied,
      };
    },
  );
};
