import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './connection';

/** Any fixed number: every tipchat process takes the same advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_316_240_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

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
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so processes starting
 * together take turns: the first applies, the others wait and then find nothing to do.
 * A migration that changed after it was applied stops start-up instead of drifting silently.
 */
export async function migrate(sql: Sql, migrations: Migration[]): Promise<string[]> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`
      create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
    const rows = await tx<{ name: string; checksum: string }[]>`select name, checksum from schema_migrations`;
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`tipchat: migration ${migration.name} was changed after it was applied`);
        }
        continue;
      }
      await tx.unsafe(migration.sql);
      await tx`insert into schema_migrations (name, checksum) values (${migration.name}, ${migration.checksum})`;
      done.push(migration.name);
    }
    return done;
  });
}

export async function appliedMigrationCount(sql: Sql): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from schema_migrations`;
  return row?.count ?? 0;
}
