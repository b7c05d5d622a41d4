import fp from 'fastify-plugin';
import type { Config } from '../config';
import { type Database, openDatabase, type Sql } from '../db/connection';
import { loadMigrations, migrate } from '../db/migrator';

declare module 'fastify' {
  interface FastifyInstance {
    sql: Sql;
    database: Database;
    /** How many migrations this build ships; readiness compares it with what is applied. */
    migrationCount: number;
  }
}

/** Opens Postgres (or embedded PGlite), applies migrations, and closes the pool on shutdown. */
export const databasePlugin = fp<{ database: Config['database'] }>(
  async (app, { database: options }) => {
    const database = await openDatabase(options);
    app.addHook('onClose', () => database.close());
    const migrations = await loadMigrations();
    const applied = await migrate(database.sql, migrations);
    if (applied.length > 0) app.log.info({ applied }, 'database migrated');
    app.decorate('database', database);
    app.decorate('sql', database.sql);
    app.decorate('migrationCount', migrations.length);
  },
  { name: 'tipchat-database' },
);
