import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';
import type { Config } from '../config';

/** int8 (our money columns, counts) read as a number: amounts stay far below 2^53, and a BigInt cannot be sent as JSON. */
const TYPES = {
  bigint: {
    to: 20,
    from: [20],
    serialize: (value: number) => String(value),
    parse: (value: string) => Number(value),
  },
} satisfies Record<string, postgres.PostgresType>;

export type Sql = postgres.Sql<{ bigint: number }>;
export type TransactionSql = postgres.TransactionSql<{ bigint: number }>;
/** One connection of the pool, held until `release()` (session-level locks need it). */
export type ReservedSql = postgres.ReservedSql<{ bigint: number }>;
/** Anything a query can run on: the pool, or an open transaction. */
export type Queryable = Sql | TransactionSql;

export interface Database {
  sql: Sql;
  /**
   * The relay's own connection: publishing committed events must never queue behind
   * transactions waiting for a channel lock in the main pool. Embedded mode has one connection
   * only (PGlite runs one transaction at a time), so there it is `sql` itself.
   */
  relaySql: Sql;
  kind: 'postgres' | 'embedded';
  /** The embedded engine itself (embedded mode only): the test suites dump a migrated template from it. */
  pglite?: PGlite;
  close(): Promise<void>;
}

/** The options every connection shares, embedded or not: snake_case columns become camelCase fields. */
function connectionOptions(max: number): postgres.Options<typeof TYPES> {
  return {
    max,
    onnotice: () => {},
    transform: postgres.camel,
    types: TYPES,
    connection: { application_name: 'tipchat' },
  };
}

export async function openDatabase(config: Config['database']): Promise<Database> {
  if (config.kind === 'postgres') {
    const sql = postgres(config.url, connectionOptions(config.poolSize));
    const relaySql = postgres(config.url, { ...connectionOptions(2), connection: { application_name: 'tipchat-relay' } });
    return {
      sql,
      relaySql,
      kind: 'postgres',
      close: once(async () => {
        await Promise.all([sql.end({ timeout: 5 }), relaySql.end({ timeout: 5 })]);
      }),
    };
  }
  return openEmbedded(config.dataDir, config.startFrom);
}

/** Closing twice (a failed start-up, then shutdown) must not throw the second time. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}

/**
 * PGlite in the data folder, served over the Postgres wire protocol on a private loopback port
 * so that the same postgres.js code runs against it. The socket server runs one transaction at
 * a time, so one connection is all we open: a second one would only queue behind it (or wait
 * forever if used inside another connection's transaction).
 */
async function openEmbedded(dataDir: string, startFrom: Blob | undefined): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  // A dump is only loaded into memory: a data folder on disk keeps what it has.
  const db = inMemory ? await PGlite.create('memory://', startFrom ? { loadDataDir: startFrom } : {}) : await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const sql = postgres(`postgres://postgres@${server.getServerConn()}/postgres`, connectionOptions(1));
  return {
    sql,
    relaySql: sql,
    kind: 'embedded',
    pglite: db,
    close: once(async () => {
      await sql.end({ timeout: 5 });
      await server.stop();
      await db.close();
    }),
  };
}
