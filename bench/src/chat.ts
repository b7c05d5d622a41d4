import { fileURLToPath } from 'node:url';
import { CHAT_USAGE, type ChatOptions, FLOOD, guestsFor, mostPerWindow, parseChatOptions } from './chat/options';
import { type ChatPhaseContext, type ChatPhaseSettings, runChatPhase } from './chat/phase';
import { type ChatPhaseSummary, renderChatGoals, renderChatPhases, summarizeChatPhase } from './chat/report';
import { ChatRestClient } from './chat/rest-client';
import { joinGuests } from './chat/setup';
import { runBench, stopOnInterrupt } from './cli';
import { type BenchDatabase, createBenchDatabase, dropBenchDatabase, postgresDatabaseLine, postgresVersion } from './database';
import { nowMicros } from './latency';
import { loadAverage, reportHead } from './machine';
import { Child, openFileLimits } from './rpc';
import type { ServerHello, ServerStats } from './servers/measure';
import { CpuMeter } from './tips/cpu';
import { streamerChannels } from './tips/setup';

/**
 * `pnpm bench:chat`: how many chat messages a second one channel of a tipchat server on
 * Postgres accepts, through the REST route and through socket.io `chat:send`, at increasing
 * offered rates, while 50 socket.io clients receive every message. See CHAT_USAGE and
 * docs/benchmarks.md.
 */
async function main(options: ChatOptions): Promise<void> {
  const started = Date.now();
  const deadline = started + options.maxMinutes * 60_000;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const serverVersion = await postgresVersion(options.adminUrl, 'bench:chat');
  const maxRate = Math.max(...options.rates);
  const guestCount = options.guests || guestsFor(maxRate, options.block);
  for (const path of options.paths) {
    for (const rate of options.rates) {
      const most = mostPerWindow(path, rate, guestCount, options.block);
      if (most > FLOOD.perViewer) {
        throw new Error(
          `${guestCount} guests at ${rate}/s over ${path} would send up to ${most} messages each per ${FLOOD.windowSeconds} s, ` +
            `over the per-viewer flood limit of ${FLOOD.perViewer}: give more --guests (or leave it at 0)`,
        );
      }
    }
  }

  let database: BenchDatabase | null = null;
  let server: Child | null = null;
  let receivers: Child | null = null;
  let rest: ChatRestClient | null = null;
  const stopAll = async () => {
    rest?.close();
    await receivers?.call('close', null, 10_000).catch(() => {});
    await receivers?.stop();
    await server?.stop();
    await dropBenchDatabase(database);
  };
  stopOnInterrupt('the server', stopAll);

  try {
    database = await createBenchDatabase(options.adminUrl);
    const load =
      `load: ${options.seconds} s per phase at ${options.rates.join(', ')} msg/s offered over ${options.paths.join(' and ')}, ` +
      `at most ${options.inFlight} in flight, spread over ${guestCount} guests with an address each; ${options.receivers} socket.io-client receivers` +
      (options.paths.includes('socket')
        ? `; socket senders: ${options.block} messages per socket, connected ${options.leadMs} ms ahead`
        : '');
    process.stdout.write(`${reportHead(postgresDatabaseLine(serverVersion, options.adminUrl), load)}\n\n`);

    const openFiles = Math.min(openFileLimits().hard, 65_536);
    server = new Child('tipchat', fileURLToPath(new URL('./servers/tipchat.ts', import.meta.url)), {
      openFiles,
      env: { BENCH_DATABASE_URL: database.url },
    });
    const { port } = (await server.hello) as ServerHello;
    const baseUrl = `http://127.0.0.1:${port}`;
    const tipchat = server;
    const bench = database;

    const [channel] = await streamerChannels(baseUrl, 1);
    if (!channel) throw new Error('chat bench set-up: no channel');
    const joinStarted = Date.now();
    const guests = await joinGuests(baseUrl, channel.slug, guestCount);
    log(`set-up: ${guestCount} guests joined #${channel.slug} in ${((Date.now() - joinStarted) / 1000).toFixed(1)} s`);

    receivers = new Child('receivers', fileURLToPath(new URL('./chat/receivers.ts', import.meta.url)), { openFiles });
    await receivers.hello;
    const connected = await receivers.call<{ open: number; failed: number; firstError: string | null }>(
      'connect',
      { baseUrl, slug: channel.slug, count: options.receivers },
      120_000,
    );
    if (connected.failed > 0) log(`set-up: ${connected.failed} receivers failed to connect (${connected.firstError})`);
    log(`set-up: ${connected.open} receivers connected`);

    rest = new ChatRestClient(baseUrl, channel.slug, options.inFlight);
    const context: ChatPhaseContext = {
      baseUrl,
      slug: channel.slug,
      guests,
      rest,
      receivers,
      receiverCount: connected.open,
      cpu: new CpuMeter(
        async () => (await tipchat.call<ServerStats>('stats', { gc: false })).cpuMicros,
        () => bench.backendCpu(),
      ),
    };

    // The flood limits count per guest in a fixed 10 s window: a phase starts once the last one's windows are over.
    let lastSendMicros = 0;
    let phaseNumber = 0;
    const phase = async (path: ChatPhaseSettings['path'], rate: number, seconds: number) => {
      const wait = lastSendMicros + (FLOOD.windowSeconds + 0.5) * 1e6 - nowMicros();
      if (lastSendMicros > 0 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait / 1000));
      phaseNumber++;
      const run = await runChatPhase(context, {
        path,
        rate,
        count: Math.max(1, Math.round(rate * seconds)),
        inFlight: options.inFlight,
        drainSeconds: options.drainSeconds,
        tag: `[p${phaseNumber}]`,
        blockSize: options.block,
        leadMs: options.leadMs,
      });
      lastSendMicros = run.lastSendMicros;
      return summarizeChatPhase(run);
    };

    if (options.warmupSeconds > 0) {
      const rate = Math.max(10, Math.round((options.rates[0] ?? 100) / 2));
      for (const path of options.paths) {
        const warm = await phase(path, rate, options.warmupSeconds);
        log(`warm-up: ${path} at ${rate}/s, ${warm.accepted}/${warm.offered} accepted, not counted`);
      }
    }

    const summaries: ChatPhaseSummary[] = [];
    let stopped = false;
    for (const rate of options.rates) {
      for (const path of options.paths) {
        if (Date.now() > deadline) {
          stopped = true;
          break;
        }
        const loadBefore = loadAverage();
        const summary = await phase(path, rate, options.seconds);
        summaries.push(summary);
        log(
          `  ${path} at ${rate}/s: ${summary.accepted}/${summary.offered} accepted, ${summary.acceptedPerSecond.toFixed(0)}/s; ` +
            `delivery p50 ${summary.delivery.p50.toFixed(1)} ms p99 ${summary.delivery.p99.toFixed(1)} ms; ${summary.cpuMsPerMessage.toFixed(2)} CPU ms/msg ` +
            `(load average ${loadBefore.toFixed(1)} before, ${loadAverage().toFixed(1)} after)`,
        );
      }
    }
    process.stdout.write(`${renderChatPhases(summaries)}\n\n`);
    if (stopped) process.stdout.write(`Stopped after --max-minutes ${options.maxMinutes}; the remaining phases were not started.\n\n`);
    process.stdout.write(`${renderChatGoals(summaries)}\n\n`);
    process.stdout.write(`total time ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
  } finally {
    await stopAll();
  }
}

runBench('bench:chat', CHAT_USAGE, parseChatOptions, main);
