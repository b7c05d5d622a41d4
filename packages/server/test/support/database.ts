import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { Config } from '../../src/config';
import { type Database, openDatabase } from '../../src/db/connection';
import { startedForSuite } from './per-suite';

export interface TestDatabase {
  config: Config['database'];
  /** Drops the database (Postgres) once every server using it has closed. */
  drop(): Promise<void>;
}

/** The admin URL of a real Postgres (CI sets it); without it tests use embedded PGlite. */
export const postgresAdminUrl = process.env.DATABASE_URL;

export interface TestDatabaseOptions {
  /** No tables at all, for tests of the migrator itself. Default: a copy of the run's migrated template. */
  empty?: boolean;
}

/**
 * A database of this test suite's own: a fresh Postgres database when DATABASE_URL is set, otherwise an in-memory
 * PGlite. Each starts as a copy of the run's migrated template (test/support/template-database.ts), so a server
 * start finds its migrations applied. Nothing is shared between suites or runs.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (!postgresAdminUrl) {
    const startFrom = options.empty ? undefined : await pgliteTemplate();
    return { config: { kind: 'embedded', dataDir: 'memory://', startFrom }, drop: async () => {} };
  }
  const name = `tipchat_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const template = options.empty ? null : inject('postgresTemplate');
  const admin = postgres(postgresAdminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString(), poolSize: 5 },
    async drop() {
      const again = postgres(postgresAdminUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/**
 * A migrated database of the suite's own, opened for queries, for tests of the SQL below the server: created before
 * the tests of the file (or of the describe it is called in), closed and dropped after them.
 */
export function useMigratedDatabase(): Database {
  let testDb: TestDatabase | undefined;
  return startedForSuite(
    async () => {
      // A copy of the run's migrated template: nothing left to migrate.
      testDb = await createTestDatabase();
      return openDatabase(testDb.config);
    },
    async (db) => {
      await db.close();
      await testDb?.drop();
    },
  );
}

let template: Promise<Blob> | undefined;

/** The migrated PGlite dump, read once per worker (files in a worker share this module). */
export function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = inject('pgliteTemplate');
    if (!file)
      throw new Error("no PGlite template: the vitest project's globalSetup must provide one (see test/support/template-database.ts)");
    return new Blob([await readFile(file)]);
  })();
  return template;
}
