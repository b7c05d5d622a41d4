import { fileURLToPath } from 'node:url';
import { ARMS, type ArmName } from './arms';
import { runBench, stopOnInterrupt } from './cli';
import { type BenchDatabase, createBenchDatabase, dropBenchDatabase } from './database';
import { loadAverage, loadAverageNote, reportHead } from './machine';
import { type Options, parseOptions, USAGE } from './options';
import { renderN, summarize } from './report';
import { Child, openFileLimits } from './rpc';
import { type ArmRun, runArm } from './run-arm';

/**
 * `pnpm bench:fanout`: chat fan-out of a real tipchat server against a bare Fastify + socket.io
 * broadcaster and a raw `ws` broadcaster, with the same clients, in one run. See USAGE and
 * docs/benchmarks.md.
 */
async function main(options: Options): Promise<void> {
  const started = Date.now();
  const deadline = started + options.maxMinutes * 60_000;
  const biggest = Math.max(...options.clients);
  const perWorker = Math.ceil(biggest / options.workers);
  const limits = openFileLimits();
  const needed = Math.max(biggest, perWorker) + 512;
  if (limits.hard < needed) {
    throw new Error(
      `${biggest} clients need ${needed} open files per process, but the hard limit (ulimit -Hn) is ${limits.hard}. ` +
        'Raise it (e.g. `ulimit -n 65536` as root, or LimitNOFILE for a service), or pass smaller --clients.',
    );
  }
  // Senders: the default flood limit is about 5 messages per 10 s per viewer and per address.
  const senders = options.senders || Math.max(4, Math.ceil(options.rate * 3));

  let database: BenchDatabase | null = null;
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) database = await createBenchDatabase(adminUrl);
  const workers = Array.from(
    { length: options.workers },
    (_, i) => new Child(`load-${i + 1}`, fileURLToPath(new URL('./load-worker.ts', import.meta.url)), { openFiles: limits.hard }),
  );
  const stopAll = async () => {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await dropBenchDatabase(database);
  };
  stopOnInterrupt('servers and load processes', stopAll);

  const databaseLine = `database: ${database ? "Postgres (a fresh database from DATABASE_URL; its backends' CPU counts into tipchat's)" : 'embedded PGlite (in memory, inside the server process)'}; fan-out in-process (no Redis)`;
  const load = `load: ${options.rate} msg/s for ${options.seconds} s per run, ${options.reps} runs per arm, ${options.probes} socket.io-client probes per run, ${options.workers} load process(es), tipchat sends spread over ${senders} guests`;
  process.stdout.write(`${reportHead(databaseLine, load)}\n\n`);

  try {
    await Promise.all(workers.map((w) => w.hello));
    for (const clients of options.clients) {
      const runs = new Map<ArmName, ArmRun[]>(options.arms.map((a) => [a, []]));
      const loadBefore = loadAverage();
      for (let rep = 0; rep < options.reps; rep++) {
        // Rotate the order each repetition so no arm always runs first (cold) or last.
        const order = options.arms.map((_, i) => options.arms[(i + rep) % options.arms.length] as ArmName);
        for (const name of order) {
          if (Date.now() > deadline) break;
          const run = await runArm(ARMS[name], workers, {
            clients,
            probes: options.probes,
            seconds: options.seconds,
            rate: options.rate,
            senders,
            concurrency: options.concurrency,
            openFiles: limits.hard,
            serverEnv: database ? { BENCH_DATABASE_URL: database.url } : {},
            databaseCpu: database && name === 'tipchat' ? () => (database as BenchDatabase).backendCpu() : undefined,
          });
          runs.get(name)?.push(run);
          process.stderr.write(
            `  N=${clients} run ${rep + 1}/${options.reps} ${name.padEnd(9)} connected ${run.connected} in ${run.connectSeconds.toFixed(1)} s; ` +
              `sent ${run.sent.ok}/${run.sent.attempted + run.sent.skipped}; delivered ${run.delivered}/${run.expected}; ` +
              `p50 ${run.probe.p50.toFixed(1)} ms p99 ${run.probe.p99.toFixed(1)} ms; ${run.serverCpuMicrosPerDelivery.toFixed(2)} µs/delivery\n`,
          );
        }
      }
      const summaries = [...runs].filter(([, r]) => r.length > 0).map(([arm, r]) => summarize(arm, r));
      // Other work on the machine shares its two cores with the server and the load: say how much there was.
      const loadNote = loadAverageNote(loadBefore);
      if (summaries.length > 0) process.stdout.write(`${renderN(clients, summaries)}\n\n${loadNote}\n\n`);
      if (Date.now() > deadline) {
        process.stdout.write(`Stopped after --max-minutes ${options.maxMinutes}; the remaining runs were not started.\n`);
        break;
      }
    }
    process.stdout.write(`total time ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
  } finally {
    await stopAll();
  }
}

runBench('bench:fanout', USAGE, parseOptions, main);
