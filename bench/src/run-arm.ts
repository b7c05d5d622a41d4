import type { Arm, ArmName } from './arms';
import { cpuBetween } from './database';
import { Histogram, nowMicros, quantile } from './latency';
import type { ConnectResult, LoadReport } from './load-worker';
import { Probes } from './probes';
import { Child } from './rpc';
import { type SendResult, sendAtRate } from './sender';
import type { ServerHello, ServerStats } from './servers/measure';

export interface RunSettings {
  clients: number;
  /** How many of the clients are real socket.io-client probes. */
  probes: number;
  seconds: number;
  rate: number;
  senders: number;
  /** Thin-client handshakes in flight at once, per worker. */
  concurrency: number;
  /** Soft open-file limit to give the server child. */
  openFiles: number;
  serverEnv: NodeJS.ProcessEnv;
  /** With Postgres: CPU of the database's backend processes by pid (µs), counted into tipchat's cost. */
  databaseCpu?: (() => Promise<Map<number, number>>) | undefined;
}

export interface ArmRun {
  arm: ArmName;
  clients: number;
  connected: number;
  connectSeconds: number;
  sent: SendResult;
  expected: number;
  delivered: number;
  dropped: number;
  deliveriesPerSecond: number;
  /** Milliseconds: the median time the send request took to answer. */
  requestP50: number;
  /** Milliseconds, from the probes. */
  probe: { p50: number; p95: number; p99: number };
  /** Milliseconds, over every delivery (thin clients and probes). */
  all: { p50: number; p99: number };
  /** The server process's CPU plus, with Postgres, its backends' (see databaseCpuMicrosPerDelivery). */
  serverCpuMicrosPerDelivery: number;
  databaseCpuMicrosPerDelivery: number;
  serverCpuPercent: number;
  loadCpuPercent: number;
  rssPerConnectionKB: number;
  heapPerConnectionKB: number;
  note: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loadReports(workers: Child[]): Promise<LoadReport[]> {
  return Promise.all(workers.map((w) => w.call<LoadReport>('report')));
}

/** Splits `total` into `parts` near-equal integers. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(((i + 1) * total) / parts) - Math.floor((i * total) / parts));
}

/**
 * One measurement: a fresh server, N clients (probes spread evenly through the connection order,
 * so they are not all first or last in the broadcast), `seconds` of sends at `rate`, a drain,
 * then everything closed again.
 */
export async function runArm(arm: Arm, workers: Child[], settings: RunSettings): Promise<ArmRun> {
  const server = new Child(arm.name, arm.script, { env: settings.serverEnv, openFiles: settings.openFiles });
  let live: Probes | undefined;
  try {
    const hello = (await Promise.race([
      server.hello,
      sleep(120_000).then(() => Promise.reject(new Error(`${arm.name} did not start in 120 s`))),
    ])) as ServerHello;
    if (hello.openFiles < settings.clients + 256)
      throw new Error(`${arm.name} may open only ${hello.openFiles} files; it needs ${settings.clients + 256}`);
    const base = `http://127.0.0.1:${hello.port}`;
    const prepared = await arm.prepare(base, { senders: settings.senders });
    const stats = (gc: boolean) => server.call<ServerStats>('stats', { gc });

    const probes = new Probes(base);
    live = probes;
    const connectedNow = async () => (await loadReports(workers)).reduce((sum, r) => sum + r.open, 0) + probes.count;
    // Memory per connection is the slope between half and all connected: the server's start-up
    // (and, for tipchat, its embedded database) leaves garbage that a before/after would count.
    const weigh = async () => {
      await sleep(500);
      return { stats: await stats(true), connections: await connectedNow() };
    };

    const connectStart = nowMicros();
    const probeCount = Math.min(settings.probes, settings.clients);
    const thin = settings.clients - probeCount;
    const chunks = split(thin, Math.max(2, probeCount));
    const connectLog: ConnectResult[] = [];
    let half: Awaited<ReturnType<typeof weigh>> | undefined;
    for (let i = 0; i < chunks.length; i++) {
      if (i === chunks.length >> 1) half = await weigh();
      const perWorker = split(chunks[i] ?? 0, workers.length);
      const results = await Promise.all(
        workers.map((w, j) =>
          w.call<ConnectResult>(
            'connect',
            { target: prepared.target, count: perWorker[j] ?? 0, concurrency: settings.concurrency },
            300_000,
          ),
        ),
      );
      connectLog.push(...results);
      if (i < probeCount) await live.add(prepared.target);
    }
    const connectSeconds = (nowMicros() - connectStart) / 1e6;
    const failures = connectLog.filter((r) => r.failed > 0);
    const connected = await connectedNow();
    if (failures.length > 0) {
      process.stderr.write(`  ${arm.name}: ${settings.clients - connected} clients failed to connect (${failures[0]?.firstError})\n`);
    }

    const full = await weigh();
    const added = Math.max(1, full.connections - (half?.connections ?? 0));

    await Promise.all(workers.map((w) => w.call('reset')));
    live.reset();
    const db0 = (await settings.databaseCpu?.()) ?? new Map<number, number>();
    const cpu0 = await stats(false);
    const wall0 = nowMicros();
    const sent = await sendAtRate(prepared.send, { rate: settings.rate, seconds: settings.seconds });

    // Drain: until every sent message reached every client, or nothing arrives for 3 s (max 20 s).
    const expected = sent.ok * connected;
    let reports = await loadReports(workers);
    let delivered = 0;
    let lastProgress = nowMicros();
    const drainEnd = nowMicros() + 20e6;
    for (;;) {
      const now = reports.reduce((sum, r) => sum + r.deliveries, 0) + live.deliveries;
      if (now > delivered) lastProgress = nowMicros();
      delivered = now;
      if (delivered >= expected || nowMicros() - lastProgress > 3e6 || nowMicros() > drainEnd) break;
      await sleep(250);
      reports = await loadReports(workers);
    }
    const cpu1 = await stats(false);
    const db1 = (await settings.databaseCpu?.()) ?? new Map<number, number>();
    const wall1 = nowMicros();

    const lastAt = Math.max(live.lastAtMicros, ...reports.map((r) => r.lastAtMicros));
    const windowSeconds = Math.max(1e-3, ((lastAt > 0 ? lastAt : sent.endedAtMicros) - sent.startedAtMicros) / 1e6);
    const all = new Histogram();
    for (const r of reports) all.merge(r.histogram);
    for (const sample of live.samples) all.record(sample);
    const sorted = [...live.samples].sort((a, b) => a - b);
    const databaseCpu = cpuBetween(db0, db1);
    const serverCpu = cpu1.cpuMicros - cpu0.cpuMicros + databaseCpu;
    const loadCpu = reports.reduce((sum, r) => sum + r.cpuMicros, 0);
    const wall = wall1 - wall0;

    return {
      arm: arm.name,
      clients: settings.clients,
      connected,
      connectSeconds,
      sent,
      expected,
      delivered,
      dropped: reports.reduce((sum, r) => sum + r.dropped, 0),
      deliveriesPerSecond: delivered / windowSeconds,
      requestP50:
        quantile(
          [...sent.requestMicros].sort((a, b) => a - b),
          0.5,
        ) / 1e3,
      probe: { p50: quantile(sorted, 0.5) / 1e3, p95: quantile(sorted, 0.95) / 1e3, p99: quantile(sorted, 0.99) / 1e3 },
      all: { p50: all.quantile(0.5) / 1e3, p99: all.quantile(0.99) / 1e3 },
      serverCpuMicrosPerDelivery: delivered > 0 ? serverCpu / delivered : Number.NaN,
      databaseCpuMicrosPerDelivery: delivered > 0 ? databaseCpu / delivered : Number.NaN,
      serverCpuPercent: (100 * serverCpu) / wall,
      loadCpuPercent: (100 * loadCpu) / wall,
      rssPerConnectionKB: (full.stats.rss - (half?.stats.rss ?? 0)) / added / 1024,
      heapPerConnectionKB: (full.stats.heapUsed - (half?.stats.heapUsed ?? 0)) / added / 1024,
      note: prepared.note,
    };
  } finally {
    live?.close();
    await Promise.allSettled(workers.map((w) => w.call('close', null, 30_000)));
    await server.stop();
  }
}
