import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { Config } from '../../src/config';

export interface TestDatabase {
  config: Config['database'];
  /** Drops the database (Postgres) once every server using it has closed. */
  drop(): Promise<void>;
}

/** The admin URL of a real Postgres (CI sets it); without it tests use embedded PGlite. */
export const postgresAdminUrl = process.env.DATABASE_URL;

/**
 * A database of this test suite's own: a fresh Postgres database when DATABASE_URL is set,
 * otherwise an in-memory PGlite. Nothing is shared between suites or runs.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!postgresAdminUrl) return { config: { kind: 'embedded', dataDir: 'memory://' }, drop: async () => {} };
  const name = `tipchat_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(postgresAdminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
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
