/**
 * `pnpm bench:statements`: what one more statement, and one more round trip, costs in CPU through postgres.js (the
 * server's driver, with the server's `postgres.camel` transform), Node and the Postgres backend added up. It prices
 * the one way left to make a paid tip cheaper without writing less: fewer statements (one database function for the
 * whole payment) or fewer round trips. docs/benchmarks.md uses it against a paid tip's measured cost.
 *
 * One connection, trivial statements (a select of two parameters), so what is measured is each statement's way
 * through the driver, the socket and the backend's protocol handling, not any work of its own. Each case runs
 * `--transactions` transactions, after a warm-up; the cases take turns `--rounds` times.
 */
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { processCpuMicros } from './database';
import { loadAverageLine, machineLine } from './machine';
import { table } from './table';
import { DEFAULT_ADMIN_URL } from './tips/options';

const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`Usage: pnpm bench:statements [--transactions 5000] [--rounds 3]

Postgres only: DATABASE_URL is any URL the bench may run selects on (default ${DEFAULT_ADMIN_URL}).
`);
  process.exit(0);
}
const transactions = Math.max(100, Number(values.transactions));
const rounds = Math.max(1, Number(values.rounds));

/** A transaction of `trips` round trips, each `perTrip` statements sent together (pipelined). */
interface Shape {
  name: string;
  trips: number;
  perTrip: number;
}
const SHAPES: Shape[] = [
  { name: '1 statement', trips: 1, perTrip: 1 },
  { name: '13 statements, 1 round trip', trips: 1, perTrip: 13 },
  { name: '12 statements, 1 round trip', trips: 1, perTrip: 12 },
  { name: '12 statements, 6 round trips', trips: 6, perTrip: 2 },
];

const sql = postgres(process.env.DATABASE_URL || DEFAULT_ADMIN_URL, { max: 1, transform: postgres.camel, onnotice: () => {} });

async function backendPid(): Promise<number> {
  const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  if (!row) throw new Error('no backend pid');
  return row.pid;
}

/** CPU µs per transaction: this process and the connection's backend. */
async function measure(shape: Shape, pid: number, count: number): Promise<{ node: number; backend: number }> {
  const backendBefore = processCpuMicros(pid);
  const nodeBefore = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    await sql.begin(async (tx) => {
      for (let trip = 0; trip < shape.trips; trip++) {
        const statements: Promise<unknown>[] = [];
        for (let n = 0; n < shape.perTrip; n++) statements.push(tx`select ${n}::int as n, ${'text'}::text as label`.execute());
        await Promise.all(statements);
      }
    });
  }
  const node = process.cpuUsage(nodeBefore);
  const backendAfter = processCpuMicros(pid);
  if (backendBefore === null || backendAfter === null)
    throw new Error('the Postgres backend is not on this machine: /proc has no CPU times of it');
  return { node: (node.user + node.system) / count, backend: (backendAfter - backendBefore) / count };
}

process.stdout.write(`${machineLine()}\n${loadAverageLine()}\n`);
try {
  const pid = await backendPid();
  for (const shape of SHAPES) await measure(shape, pid, Math.ceil(transactions / 5));
  const totals = new Map(SHAPES.map((shape) => [shape.name, { node: 0, backend: 0 }]));
  for (let round = 0; round < rounds; round++) {
    for (const shape of SHAPES) {
      const { node, backend } = await measure(shape, pid, transactions);
      const total = totals.get(shape.name);
      if (total) {
        total.node += node / rounds;
        total.backend += backend / rounds;
      }
    }
  }
  const cost = (name: string) => {
    const total = totals.get(name);
    if (!total) throw new Error(`no shape ${name}`);
    return total.node + total.backend;
  };
  const rows = SHAPES.map((shape) => {
    const total = totals.get(shape.name) ?? { node: 0, backend: 0 };
    return [shape.name, total.node.toFixed(0), total.backend.toFixed(0), (total.node + total.backend).toFixed(0)];
  });
  process.stdout.write(
    `\nCPU µs per transaction (BEGIN and COMMIT included), mean of ${rounds} rounds of ${transactions}:\n` +
      `${table(['transaction', 'Node µs', 'backend µs', 'together µs'], rows)}\n` +
      `one more statement in a round trip: ${((cost('13 statements, 1 round trip') - cost('1 statement')) / 12).toFixed(1)} µs\n` +
      `one more round trip (same statements): ${((cost('12 statements, 6 round trips') - cost('12 statements, 1 round trip')) / 5).toFixed(1)} µs\n`,
  );
} finally {
  await sql.end({ timeout: 5 });
}
