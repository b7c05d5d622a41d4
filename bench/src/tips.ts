import os from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { type BenchDatabase, createBenchDatabase } from './database';
import { Child, openFileLimits } from './rpc';
import type { ServerHello, ServerStats } from './servers/measure';
import { CpuMeter } from './tips/cpu';
import { parseTipsOptions, TIPS_USAGE, type TipsOptions } from './tips/options';
import { Overlays } from './tips/overlay';
import { type PhaseSettings, runPhase } from './tips/phase';
import { renderRate, summarizePhase } from './tips/report';
import { paidTips, streamerChannels } from './tips/setup';
import { type BenchTip, chargeSucceeded, FakeStripe, newWebhookSecret, paymentSucceeded } from './tips/stripe';
import { WebhookClient } from './tips/webhook-client';

/**
 * `pnpm bench:tips`: signed Stripe webhooks for paid tips, sent at a fixed rate to one tipchat
 * server on Postgres while an overlay listens; webhook → alert latency and tips per second,
 * beside the same server acknowledging a webhook that needs no tip work. See TIPS_USAGE and
 * docs/benchmarks.md.
 */
async function main(options: TipsOptions): Promise<void> {
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const postgresVersion = await serverVersion(options.adminUrl);
  const fake = await FakeStripe.start();
  const webhookSecret = newWebhookSecret();
  let database: BenchDatabase | null = null;
  let server: Child | null = null;
  let overlays: Overlays | null = null;
  let client: WebhookClient | null = null;
  const stopAll = async () => {
    overlays?.close();
    client?.close();
    await server?.stop();
    await fake.close();
    await database?.drop().catch((error: unknown) => log(`could not drop the bench database: ${String(error)}`));
  };
  process.once('SIGINT', () => {
    log('\ninterrupted: stopping the server');
    stopAll().finally(() => process.exit(130));
  });

  try {
    database = await createBenchDatabase(options.adminUrl);
    const configuration = [
      `machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${os.release()}, Node ${process.version}`,
      `database: Postgres ${postgresVersion}, a fresh database on ${new URL(options.adminUrl).host} (dropped at the end); fan-out in-process (no Redis)`,
      `load: ${options.tips} tips per rate at ${options.rates.join(', ')} webhooks/s, at most ${options.inFlight} in flight, ${options.channels} channel(s) with one overlay each; ${options.warmup} warm-up tips first`,
      `load average at start: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ];
    process.stdout.write(`${configuration.join('\n')}\n\n`);

    const script = fileURLToPath(new URL('./tips/server.ts', import.meta.url));
    server = new Child('tipchat', script, {
      openFiles: Math.min(openFileLimits().hard, 65_536),
      env: {
        BENCH_DATABASE_URL: database.url,
        BENCH_STRIPE_SECRET_KEY: fake.apiKey,
        BENCH_STRIPE_WEBHOOK_SECRET: webhookSecret,
        BENCH_STRIPE_API_URL: `http://127.0.0.1:${fake.port}`,
      },
    });
    const { port } = (await server.hello) as ServerHello;
    const baseUrl = `http://127.0.0.1:${port}`;
    const tipchat = server;
    const bench = database;

    // Each run gets channels of its own: the tips of one run must not make the next run's channel bigger.
    const runs = [
      ...(options.warmup > 0 ? [{ label: 'warm-up', rate: options.rates[0] ?? 100, count: options.warmup }] : []),
      ...options.rates.map((rate) => ({ label: `${rate}/s`, rate, count: options.tips })),
    ];
    const channels = await streamerChannels(baseUrl, options.channels * runs.length);
    const total = runs.reduce((sum, run) => sum + run.count, 0);
    log(`set-up: creating ${total} tips through the SDK (Stripe PaymentIntents in the fake), ${options.setupConcurrency} at a time`);
    const setupStarted = Date.now();
    const prepared = [];
    for (const [i, run] of runs.entries()) {
      const own = channels.slice(i * options.channels, (i + 1) * options.channels);
      prepared.push({ ...run, tips: await paidTips(baseUrl, own, fake, { count: run.count, concurrency: options.setupConcurrency }) });
    }
    log(`set-up: ${total} tips in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

    overlays = await Overlays.connect(baseUrl, channels);
    client = new WebhookClient(baseUrl, options.inFlight);
    const cpu = new CpuMeter(
      async () => (await tipchat.call<ServerStats>('stats', { gc: false })).cpuMicros,
      () => bench.backendCpu(),
    );
    const context = { client, cpu };
    const tipDeliveries = (tips: BenchTip[]) => tips.map((tip) => paymentSucceeded(fake, webhookSecret, tip));
    const baselineDeliveries = (tips: BenchTip[]) => tips.map((tip) => chargeSucceeded(fake, webhookSecret, tip));
    const settings = (rate: number): PhaseSettings => ({ rate, inFlight: options.inFlight, drainSeconds: options.drainSeconds });

    for (const run of prepared) {
      const loadBefore = os.loadavg()[0] ?? 0;
      await settle();
      const tipsRun = await runPhase(tipDeliveries(run.tips), { ...context, overlays }, settings(run.rate));
      await settle();
      const baselineRun = await runPhase(baselineDeliveries(run.tips), { ...context, overlays: null }, settings(run.rate));
      if (run.label === 'warm-up') {
        log(`warm-up: ${tipsRun.applied}/${run.count} tips applied and as many baseline deliveries sent, not counted`);
        continue;
      }
      const loadNote = `machine load average (1 min): ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after`;
      const tipsSummary = summarizePhase(tipsRun, { untilAlert: true });
      const rendered = renderRate(run.rate, tipsSummary, summarizePhase(baselineRun, { untilAlert: false }));
      process.stdout.write(`${rendered}\n${loadNote}\n\n`);
    }
    process.stdout.write(`total time ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
  } finally {
    await stopAll();
  }
}

/** A pause between phases, so what one phase left behind (the relay, autovacuum's wake-up) does not land in the next. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

async function serverVersion(adminUrl: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
    return row?.version.split(' ')[0] ?? 'unknown';
  } catch (error) {
    throw new Error(
      `cannot reach Postgres at ${new URL(adminUrl).host} (${error instanceof Error ? error.message : String(error)}); ` +
        'bench:tips needs a Postgres server: set DATABASE_URL to an admin URL',
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

let options: TipsOptions | null;
try {
  options = parseTipsOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${TIPS_USAGE}\n`);
  process.exit(2);
}
if (!options) {
  process.stdout.write(`${TIPS_USAGE}\n`);
} else {
  main(options).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench:tips failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
