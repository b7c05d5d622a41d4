import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { CLOCK_TICKS } from './machine';

export interface BenchDatabase {
  url: string;
  /** CPU time so far of the Postgres backends serving this database, by pid, µs (empty if the server is not on this machine). */
  backendCpu(): Promise<Map<number, number>>;
  drop(): Promise<void>;
}

/**
 * A database of the bench's own on the Postgres server of an admin URL, dropped afterwards.
 * With Postgres the queries' CPU is spent in its backend processes, not in the tipchat process:
 * on a local server the bench reads them from /proc so the comparison stays whole.
 */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `tipchat_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return {
    url: url.toString(),
    async backendCpu() {
      if (!local) return new Map();
      const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`;
      const cpu = new Map<number, number>();
      for (const { pid } of rows) {
        const micros = processCpuMicros(pid);
        if (micros !== null) cpu.set(pid, micros);
      }
      return cpu;
    },
    async drop() {
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

/** Drops the bench's database, if it made one; a failure is told, not thrown, so the rest of the stopping goes on. */
export async function dropBenchDatabase(database: BenchDatabase | null): Promise<void> {
  await database?.drop().catch((error: unknown) => process.stderr.write(`could not drop the bench database: ${String(error)}\n`));
}

/** The report's database line for a bench on a fresh Postgres database of its own. */
export function postgresDatabaseLine(serverVersion: string, adminUrl: string): string {
  return `database: Postgres ${serverVersion}, a fresh database on ${new URL(adminUrl).host} (dropped at the end); fan-out in-process (no Redis)`;
}

/** CPU spent between two snapshots; a backend that appeared in between counts from zero. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, micros] of after) total += micros - (before.get(pid) ?? 0);
  return total;
}

/** utime + stime of a process from /proc/<pid>/stat (null if it is gone or not on this machine). */
export function processCpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1e6) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** The server_version of the Postgres behind an admin URL; a clear error when there is none to reach. */
export async function postgresVersion(adminUrl: string, bench: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
    return row?.version.split(' ')[0] ?? 'unknown';
  } catch (error) {
    throw new Error(
      `cannot reach Postgres at ${new URL(adminUrl).host} (${error instanceof Error ? error.message : String(error)}); ` +
        `${bench} needs a Postgres server: set DATABASE_URL to an admin URL`,
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}
