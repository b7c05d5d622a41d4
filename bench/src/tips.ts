import { fileURLToPath } from 'node:url';
import { runBench, stopOnInterrupt } from './cli';
import { type BenchDatabase, createBenchDatabase, dropBenchDatabase, postgresDatabaseLine, postgresVersion } from './database';
import { renderGoals } from './done-when';
import { nowMicros } from './latency';
import { loadAverage, loadAverageNote, reportHead } from './machine';
import { Child, openFileLimits } from './rpc';
import type { ServerHello, ServerStats } from './servers/measure';
import { CpuMeter } from './tips/cpu';
import { checkSeededLeaderboard, DEFAULT_SEED, seedPaidTips } from './tips/history';
import { parseTipsOptions, TIPS_USAGE, type TipsOptions } from './tips/options';
import { Overlays } from './tips/overlay';
import { mergePhaseRuns, type PhaseRun, type PhaseSettings, runPhase } from './tips/phase';
import { type HistoryResult, type RateResult, renderHistory, renderRate, summarizeParts, summarizePhase, tipsGoals } from './tips/report';
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
  const serverVersion = await postgresVersion(options.adminUrl, 'bench:tips');
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
    await dropBenchDatabase(database);
  };
  stopOnInterrupt('the server', stopAll);

  try {
    database = await createBenchDatabase(options.adminUrl);
    const load = options.history
      ? `load: ${options.historyTips} tips at ${options.historyRate}/s on a new channel and as many on a channel with ${options.pastTips} past paid tips, at most ${options.inFlight} in flight, one overlay each; ${options.warmup} warm-up tips first`
      : `load: ${options.tips} tips per rate at ${options.rates.join(', ')} webhooks/s, at most ${options.inFlight} in flight, ${options.channels} channel(s) with one overlay each; ${options.warmup} warm-up tips first`;
    process.stdout.write(`${reportHead(postgresDatabaseLine(serverVersion, options.adminUrl), load)}\n\n`);

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
    // With --history: a new channel and the channel to seed, one each, the same tips on both.
    const channelsPerRun = options.history ? 1 : options.channels;
    const runs = [
      ...(options.warmup > 0 ? [{ label: 'warm-up', rate: options.rates[0] ?? 100, count: options.warmup }] : []),
      ...(options.history
        ? [
            { label: 'new', rate: options.historyRate, count: options.historyTips },
            { label: 'history', rate: options.historyRate, count: options.historyTips },
          ]
        : options.rates.map((rate) => ({ label: `${rate}/s`, rate, count: options.tips }))),
    ];
    const channels = await streamerChannels(baseUrl, channelsPerRun * runs.length);
    const total = runs.reduce((sum, run) => sum + run.count, 0);
    log(`set-up: creating ${total} tips through the SDK (Stripe PaymentIntents in the fake), ${options.setupConcurrency} at a time`);
    const setupStarted = Date.now();
    const prepared = [];
    for (const [i, run] of runs.entries()) {
      const own = channels.slice(i * channelsPerRun, (i + 1) * channelsPerRun);
      prepared.push({
        ...run,
        channels: own,
        tips: await paidTips(baseUrl, own, fake, { count: run.count, concurrency: options.setupConcurrency }),
      });
    }
    log(`set-up: ${total} tips in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

    const historyChannel = prepared.find((run) => run.label === 'history')?.channels[0];
    let historyNote = '';
    if (historyChannel && options.pastTips > 0) {
      log(`set-up: seeding ${options.pastTips} past paid tips into #${historyChannel.slug} in SQL`);
      const seeded = await seedPaidTips(database.url, historyChannel.slug, { pastTips: options.pastTips, ...DEFAULT_SEED });
      const check = await checkSeededLeaderboard(baseUrl, database.url, historyChannel.slug);
      historyNote =
        `seed: ${seeded.tips} past paid tips from ${DEFAULT_SEED.tippers} tippers over ${DEFAULT_SEED.days} days, ` +
        `${seeded.ledgerTransactions} ledger transactions with ${seeded.ledgerEntries} entries, provider events and shown alerts, ` +
        `in ${seeded.seconds.toFixed(1)} s (vacuumed and analysed)\n${check.line}`;
      log(historyNote);
    }

    overlays = await Overlays.connect(baseUrl, channels);
    client = new WebhookClient(baseUrl, options.inFlight);
    const cpu = new CpuMeter(
      async () => (await tipchat.call<ServerStats>('stats', { gc: false })).cpuMicros,
      () => bench.backendCpu(),
    );
    const context = { client, cpu };
    const tipDeliveries = (tips: BenchTip[]) => tips.map((tip) => paymentSucceeded(fake, webhookSecret, tip));
    const baselineDeliveries = (tips: BenchTip[]) => tips.map((tip) => chargeSucceeded(fake, webhookSecret, tip));
    const settings = (rate: number): PhaseSettings => ({
      rate,
      inFlight: options.inFlight,
      drainSeconds: options.drainSeconds,
      stopAtMicros: nowMicros() + options.maxMinutes * 60e6,
    });
    const tipsPhase = async (tips: BenchTip[], rate: number) => {
      await settle();
      return runPhase(tipDeliveries(tips), { ...context, overlays }, settings(rate));
    };
    const baselinePhase = async (tips: BenchTip[], rate: number) => {
      await settle();
      return runPhase(baselineDeliveries(tips), { ...context, overlays: null }, settings(rate));
    };

    const rateResults: RateResult[] = [];
    let historyResult: HistoryResult | null = null;
    for (const run of prepared) {
      const loadBefore = loadAverage();
      if (run.label === 'new') continue; // measured with 'history', alternating
      if (run.label === 'history') {
        const fresh = prepared.find((r) => r.label === 'new')?.tips ?? [];
        const half = (tips: BenchTip[], second: boolean) =>
          tips.slice(second ? tips.length >> 1 : 0, second ? tips.length : tips.length >> 1);
        // New, history, history, new: a drift of the machine over the four phases weighs on both alike.
        const freshRuns = [];
        const historyRuns = [];
        freshRuns.push(await tipsPhase(half(fresh, false), run.rate));
        historyRuns.push(await tipsPhase(half(run.tips, false), run.rate));
        historyRuns.push(await tipsPhase(half(run.tips, true), run.rate));
        freshRuns.push(await tipsPhase(half(fresh, true), run.rate));
        historyResult = {
          pastTips: options.pastTips,
          rate: run.rate,
          fresh: summarizePhase(mergePhaseRuns(freshRuns), { untilAlert: true }),
          history: summarizePhase(mergePhaseRuns(historyRuns), { untilAlert: true }),
        };
        const loadNote = loadAverageNote(loadBefore);
        process.stdout.write(`${renderHistory(historyResult)}\n${historyNote}\n${loadNote}\n\n`);
        continue;
      }
      // The baseline in two halves, one before the tips and one after (A B A): a drift of the machine over the three
      // phases weighs on the baseline as on the tips, so it moves their ratio less. Its deliveries name the same
      // PaymentIntents as the tips (paid in the fake at set-up), whether or not tipchat has applied them yet.
      const halfway = run.tips.length >> 1;
      const baselineRuns: PhaseRun[] = [];
      if (!options.skipBaseline) baselineRuns.push(await baselinePhase(run.tips.slice(0, halfway), run.rate));
      const tipsRun = await tipsPhase(run.tips, run.rate);
      const sentTips = run.tips.filter((_, i) => Number.isFinite(tipsRun.sends.startedAt[i]));
      if (!options.skipBaseline && sentTips.length > halfway) baselineRuns.push(await baselinePhase(sentTips.slice(halfway), run.rate));
      if (run.label === 'warm-up') {
        log(
          `warm-up: ${tipsRun.applied}/${run.count} tips applied${baselineRuns.length > 0 ? ' and as many baseline deliveries sent' : ''}, not counted`,
        );
        continue;
      }
      const loadNote = loadAverageNote(loadBefore);
      const tipsSummary = summarizePhase(tipsRun, { untilAlert: true });
      const baselineSummary = baselineRuns.length > 0 ? summarizeParts(baselineRuns, { untilAlert: false }) : null;
      rateResults.push({ rate: run.rate, channels: channelsPerRun, tips: tipsSummary, baseline: baselineSummary });
      process.stdout.write(`${renderRate(run.rate, tipsSummary, baselineSummary)}\n${loadNote}\n\n`);
    }
    process.stdout.write(`${renderGoals('Done when (issue 11, paid tips)', tipsGoals(historyResult, rateResults))}\n\n`);
    process.stdout.write(`total time ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
  } finally {
    await stopAll();
  }
}

/** A pause between phases, so what one phase left behind (the relay, autovacuum's wake-up) does not land in the next. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

runBench('bench:tips', TIPS_USAGE, parseTipsOptions, main);
