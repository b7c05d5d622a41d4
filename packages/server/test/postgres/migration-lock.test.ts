import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection';
import { loadMigrations, migrate } from '../../src/db/migrator';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestServer } from '../support/server';

// Runs only against a real Postgres (see vitest.config.ts): PGlite has one process by design.
describe('two servers starting at once on one empty Postgres', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterAll(() => database.drop());

  it('both come up: one applies the migrations, the other waits for it and finds nothing to do', async () => {
    const [a, b] = await Promise.all([startTestServer({}, database), startTestServer({}, database)]);
    try {
      for (const server of [a, b]) {
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      }
      const rows = await a.app.sql<{ name: string }[]>`select name from schema_migrations order by name`;
      expect(rows.map((r) => r.name)).toEqual((await loadMigrations()).map((m) => m.name));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses to start when an applied migration was edited', async () => {
    const db = await openDatabase(database.config);
    try {
      const [first, ...rest] = await loadMigrations();
      if (!first) throw new Error('no migrations');
      await expect(migrate(db.sql, [{ ...first, checksum: 'edited' }, ...rest])).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await db.close();
    }
  });
});
