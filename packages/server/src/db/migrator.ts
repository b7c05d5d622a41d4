import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReservedSql, Sql } from './connection';

/** Any fixed number: every tipchat process takes the same advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_316_240_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
  /**
   * False when the file's first line is `-- tipchat:no-transaction`: its statements run one by one outside a
   * transaction, which `create index concurrently` needs (an index added online, without blocking writes). Such a
   * migration must be safe to run again (`if not exists`): if it stops half-way, the next start repeats it.
   */
  transactional: boolean;
}

const NO_TRANSACTION = /^--\s*tipchat:no-transaction\b/;

/** Finds `src/db/migrations` from the source tree or from the built `dist/` alike. */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'src', 'db', 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('tipchat: cannot find the migrations folder (src/db/migrations)');
    dir = parent;
  }
}

export async function loadMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex'), transactional: !NO_TRANSACTION.test(sql) };
    }),
  );
}

/**
 * Applies pending migrations in order, each in a transaction of its own (or none, when it opts out), under a
 * session advisory lock on one connection, so processes starting together take turns: the first applies, the
 * others wait and then find nothing to do. A migration that changed after it was applied stops start-up instead
 * of drifting silently.
 */
export async function migrate(sql: Sql, migrations: Migration[]): Promise<string[]> {
  const connection = await sql.reserve();
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      return await applyPending(connection, migrations);
    } finally {
      await connection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    connection.release();
  }
}

/** On the one connection that holds the lock, so `begin`/`commit` below frame the statements between them. */
async function applyPending(sql: ReservedSql, migrations: Migration[]): Promise<string[]> {
  await sql`
    create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
  const rows = await sql<{ name: string; checksum: string }[]>`select name, checksum from schema_migrations`;
  const applied = new Map(rows.map((r) => [r.name, r.checksum]));
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new Error(`tipchat: migration ${migration.name} was changed after it was applied`);
    }
  }
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    const record = () => sql`insert into schema_migrations (name, checksum) values (${migration.name}, ${migration.checksum})`;
    if (migration.transactional) {
      // By hand: a reserved connection has no begin() helper.
      await sql`begin`;
      try {
        await sql.unsafe(migration.sql);
        await record();
        await sql`commit`;
      } catch (error) {
        await sql`rollback`;
        throw error;
      }
    } else {
      // One statement per round trip: several in one query string would run as one implicit transaction.
      for (const statement of statementsOf(migration.sql)) await sql.unsafe(statement);
      await record();
    }
    done.push(migration.name);
  }
  return done;
}

/** Splits a no-transaction migration at semicolons that end a line (such a migration holds plain DDL, no bodies). */
export function statementsOf(text: string): string[] {
  return text
    .split(/;[ \t]*(?:--[^\n]*)?\r?\n/)
    .map((statement) => statement.replace(/;\s*$/, '').trim())
    .filter((statement) => statement.replace(/--[^\n]*/g, '').trim() !== '');
}

export async function appliedMigrationCount(sql: Sql): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from schema_migrations`;
  return row?.count ?? 0;
}
