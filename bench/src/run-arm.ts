import type { Arm, ArmName } from './arms';
import { cpuBetween } from './database';
import { Histogram, nowMicros, quantile } from './latency';
import type { ConnectResult, LoadReport } from './load-worker';
import { machineBusyMicros } from './machine';
import { Probes } from './probes';
import { Child } from './rpc';
import { type SendResult, sendAtRate } from './sender';
import type { ServerHello, ServerStats } from './servers/measure';
import type { Target } from './thin-client';

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
  /** CPU that processes outside the bench used meanwhile (other work on the machine), in % of one core. */
  otherCpuPercent: number;
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
 * Connects the thin clients in chunks with a probe after each chunk, so probes sit at evenly
 * spaced places in the broadcast order. Memory per connection is the slope between half and all
 * connected: the server's start-up (and, for tipchat, its embedded database) leaves garbage that
 * a before/after would count.
 */
async function connectClients(
  workers: Child[],
  probes: Probes,
  target: Target,
  settings: RunSettings,
  weighServer: () => Promise<ServerStats>,
) {
  const connectedNow = async () => (await loadReports(workers)).reduce((sum, r) => sum + r.open, 0) + probes.count;
  const weigh = async () => {
    await sleep(500);
    return { stats: await weighServer(), connections: await connectedNow() };
  };
  const started = nowMicros();
  const probeCount = Math.min(settings.probes, settings.clients);
  const chunks = split(settings.clients - probeCount, Math.max(2, probeCount));
  let firstError: string | null = null;
  let half: Awaited<ReturnType<typeof weigh>> | undefined;
  for (let i = 0; i < chunks.length; i++) {
    if (i === chunks.length >> 1) half = await weigh();
    const perWorker = split(chunks[i] ?? 0, workers.length);
    const results = await Promise.all(
      workers.map((w, j) =>
        w.call<ConnectResult>('connect', { target, count: perWorker[j] ?? 0, concurrency: settings.concurrency }, 300_000),
      ),
    );
    firstError ??= results.find((r) => r.firstError)?.firstError ?? null;
    if (i < probeCount) await probes.add(target);
  }
  const connectSeconds = (nowMicros() - started) / 1e6;
  const full = await weigh();
  if (full.connections < settings.clients) {
    process.stderr.write(`  ${settings.clients - full.connections} of ${settings.clients} clients failed to connect (${firstError})\n`);
  }
  const added = Math.max(1, full.connections - (half?.connections ?? 0));
  return {
    connected: full.connections,
    connectSeconds,
    memory: {
      rssPerConnection: (full.stats.rss - (half?.stats.rss ?? 0)) / added,
      heapPerConnection: (full.stats.heapUsed - (half?.stats.heapUsed ?? 0)) / added,
    },
  };
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
    const { connected, connectSeconds, memory } = await connectClients(workers, probes, prepared.target, settings, () => stats(true));

    await Promise.all(workers.map((w) => w.call('reset')));
    probes.reset();
    const db0 = (await settings.databaseCpu?.()) ?? new Map<number, number>();
    const cpu0 = await stats(false);
    const wall0 = nowMicros();
    const busy0 = machineBusyMicros();
    const bench0 = process.cpuUsage();
    const sent = await sendAtRate(prepared.send, { rate: settings.rate, seconds: settings.seconds });

    // Drain: until every sent message reached every client, or nothing arrives for 3 s (max 20 s).
    const expected = sent.ok * connected;
    let reports = await loadReports(workers);
    let delivered = 0;
    let lastProgress = nowMicros();
    const drainEnd = nowMicros() + 20e6;
    for (;;) {
      const now = reports.reduce((sum, r) => sum + r.deliveries, 0) + probes.deliveries;
      if (now > delivered) lastProgress = nowMicros();
      delivered = now;
      if (delivered >= expected || nowMicros() - lastProgress > 3e6 || nowMicros() > drainEnd) break;
      await sleep(250);
      reports = await loadReports(workers);
    }
    const cpu1 = await stats(false);
    const busy1 = machineBusyMicros();
    const bench = process.cpuUsage(bench0);
    const db1 = (await settings.databaseCpu?.()) ?? new Map<number, number>();
    const wall1 = nowMicros();

    const lastAt = Math.max(probes.lastAtMicros, ...reports.map((r) => r.lastAtMicros));
    const windowSeconds = Math.max(1e-3, ((lastAt > 0 ? lastAt : sent.endedAtMicros) - sent.startedAtMicros) / 1e6);
    const all = new Histogram();
    for (const r of reports) all.merge(r.histogram);
    for (const sample of probes.samples) all.record(sample);
    const sorted = [...probes.samples].sort((a, b) => a - b);
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
      otherCpuPercent: Math.max(0, (100 * (busy1 - busy0 - serverCpu - loadCpu - bench.user - bench.system)) / wall),
      rssPerConnectionKB: memory.rssPerConnection / 1024,
      heapPerConnectionKB: memory.heapPerConnection / 1024,
      note: prepared.note,
    };
  } finally {
    live?.close();
    await Promise.allSettled(workers.map((w) => w.call('close', null, 30_000)));
    await server.stop();
  }
}
