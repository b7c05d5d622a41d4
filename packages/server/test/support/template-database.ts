import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connection';
import { loadMigrations, migrate } from '../../src/db/migrator';

/**
 * Vitest global setup: one migrated database per run, which every test server then copies instead of creating and
 * migrating its own (a PGlite database costs about a second to create, and a hundred server starts paid it).
 * With DATABASE_URL: a Postgres template database (`create database … template …`). Without: a PGlite dump file.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Name of the migrated Postgres template database, when the run has DATABASE_URL. */
    postgresTemplate: string | null;
    /** Path of the migrated PGlite dump (an uncompressed tar of the data folder), for embedded runs. */
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const template = await createPostgresTemplate(adminUrl);
    project.provide('postgresTemplate', template.name);
    project.provide('pgliteTemplate', null);
    return template.drop;
  }
  const template = await createPgliteTemplate();
  project.provide('pgliteTemplate', template.file);
  project.provide('postgresTemplate', null);
  return template.drop;
}

/** A migrated Postgres database to copy with `create database … template …`. */
export async function createPostgresTemplate(adminUrl: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `tipchat_template_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // The migrator itself, so schema_migrations says what a real start would find.
  const template = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
  try {
    await migrate(template.sql, await loadMigrations());
  } finally {
    await template.close();
  }
  return {
    name,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A migrated PGlite database dumped to a file, for `startFrom` of an in-memory embedded database. */
export async function createPgliteTemplate(): Promise<{ file: string; drop(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'tipchat-template-'));
  const file = join(folder, 'migrated.tar');
  const template = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
  try {
    await migrate(template.sql, await loadMigrations());
    if (!template.pglite) throw new Error('an embedded database has its PGlite engine');
    // Uncompressed: loading it then costs a third of a second, gunzipping 40 MB would cost more.
    await writeFile(file, Buffer.from(await (await template.pglite.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await template.close();
  }
  return { file, drop: () => rm(folder, { recursive: true, force: true }) };
}
