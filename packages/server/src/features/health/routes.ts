import { errorBodySchema, healthSchema, readinessSchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appliedMigrationCount } from '../../db/migrator';
import { AppError } from '../../errors';

const tags = ['health'];

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags, summary: 'The process is up', response: { 200: healthSchema } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'The database answers and every migration is applied',
        response: { 200: readinessSchema, 503: errorBodySchema },
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
      return { status: 'ready' as const, database: 'ok' as const, migrations: applied };
    },
  );
};
