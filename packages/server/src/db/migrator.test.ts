import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { type Database, openDatabase } from './connection';
import { type Migration, migrate, statementsOf } from './migrator';

/** A migration as loadMigrations reads one from a file. */
function migration(name: string, sql: string): Migration {
  return { name, sql, checksum: `sum-${name}-${sql.length}`, transactional: !sql.startsWith('-- tipchat:no-transaction') };
}

const opened: { testDb: TestDatabase; db: Database }[] = [];

async function emptyDatabase(): Promise<Database> {
  const testDb = await createTestDatabase({ empty: true });
  const db = await openDatabase(testDb.config);
  opened.push({ testDb, db });
  return db;
}

afterEach(async () => {
  for (const { testDb, db } of opened.splice(0)) {
    await db.close();
    await testDb.drop();
  }
});

async function appliedNames(db: Database): Promise<string[]> {
  const rows = await db.sql<{ name: string }[]>`select name from schema_migrations order by name`;
  return rows.map((row) => row.name);
}

describe('migrations', () => {
  it('runs a no-transaction migration statement by statement, so an index can be built concurrently', async () => {
    const db = await emptyDatabase();
    const migrations = [
      migration('0001_table.sql', 'create table things (id int primary key, label text);\ninsert into things values (1, $$a;b$$);\n'),
      migration(
        '0002_index.sql',
        '-- tipchat:no-transaction\ncreate index concurrently if not exists things_label on things (label);\n-- trailing note\n',
      ),
    ];
    expect(await migrate(db.sql, migrations)).toEqual(['0001_table.sql', '0002_index.sql']);
    const [index] = await db.sql<
      { indexname: string }[]
    >`select indexname from pg_indexes where tablename = 'things' and indexname = 'things_label'`;
    expect(index?.indexname).toBe('things_label');
    expect(await appliedNames(db)).toEqual(['0001_table.sql', '0002_index.sql']);
    // A second start finds nothing to do.
    expect(await migrate(db.sql, migrations)).toEqual([]);
  });

  it('keeps the migrations before a failing one and nothing of the failing one', async () => {
    const db = await emptyDatabase();
    const good = migration('0001_good.sql', 'create table kept (id int);');
    const bad = migration('0002_bad.sql', 'create table half_made (id int);\nselect no_such_function();');
    await expect(migrate(db.sql, [good, bad])).rejects.toThrow(/no_such_function/);
    expect(await appliedNames(db)).toEqual(['0001_good.sql']);
    const [table] = await db.sql<{ count: number }[]>`select count(*)::int as count from pg_tables where tablename = 'half_made'`;
    expect(table?.count).toBe(0);
    // The lock was given back: fixed, the next run applies it.
    expect(await migrate(db.sql, [good, migration('0002_bad.sql', 'create table half_made (id int);')])).toEqual(['0002_bad.sql']);
  });

  it('refuses a migration that changed after it was applied, before applying anything new', async () => {
    const db = await emptyDatabase();
    await migrate(db.sql, [migration('0001_a.sql', 'create table a (id int);')]);
    const edited = { ...migration('0001_a.sql', 'create table a (id int);'), checksum: 'edited' };
    await expect(migrate(db.sql, [edited, migration('0002_b.sql', 'create table b (id int);')])).rejects.toThrow(
      /0001_a\.sql was changed after it was applied/,
    );
    expect(await appliedNames(db)).toEqual(['0001_a.sql']);
  });
});

describe('statementsOf', () => {
  it('splits at semicolons that end a line and drops comment-only pieces', () => {
    expect(
      statementsOf('-- tipchat:no-transaction\ncreate index concurrently a on t (x);\ncreate index b on t (y); -- why\n-- end\n'),
    ).toEqual(['-- tipchat:no-transaction\ncreate index concurrently a on t (x)', 'create index b on t (y)']);
  });
});
