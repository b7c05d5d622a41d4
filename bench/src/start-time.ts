/**
 * `pnpm bench:start`: how long a second `pnpm start` takes to answer `/readyz` with 200, beside a bare Fastify server
 * started with `node -e` to its first 200, as a ratio (issue 15: "a second start is ready in seconds").
 *
 * One warm-up `pnpm start` first (it builds what changed and creates the embedded database), then, `--reps` times
 * each, in turn: `pnpm start` from the repository root with that data folder, the built server alone
 * (`node packages/server/dist/cli.js start --demo`, the same data folder: what `pnpm start` costs beyond pnpm and its
 * build check) and `node -e` running Fastify with one route. Each is timed from spawn to the first 200 (polled every 25 ms), then stopped with SIGINT to its process
 * group. Every process listens on 127.0.0.1 only; the data folder is a temporary one, removed at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverageLine, machineLine } from './machine';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH = fileURLToPath(new URL('../', import.meta.url));
const POLL_MS = 25;
const GIVE_UP_MS = 5 * 60_000;

const { values } = parseArgs({ options: { reps: { type: 'string', default: '5' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  process.stdout.write('Usage: pnpm bench:start [--reps N]   (default 5)\n');
  process.exit(0);
}
const reps = Math.max(1, Number(values.reps));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Timed {
  ms: number;
  /** What the process printed: `pnpm start` says whether it rebuilt anything. */
  output: string;
}

/** Milliseconds from spawning `start(port)` to the first 200 from `path`; the process group is stopped after. */
async function timeToFirst200(start: (port: number) => ChildProcess, path: string): Promise<Timed> {
  const port = await freePort();
  const began = performance.now();
  const child = start(port);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit');
  let stillRunning = true;
  void exited.then(() => {
    stillRunning = false;
  });
  try {
    for (;;) {
      if (!stillRunning) throw new Error(`the process exited before http://127.0.0.1:${port}${path} answered 200`);
      if (performance.now() - began > GIVE_UP_MS) throw new Error(`no 200 from ${path} within ${GIVE_UP_MS} ms`);
      const status = await fetch(`http://127.0.0.1:${port}${path}`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return { ms: performance.now() - began, output };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    // The whole group: `pnpm start` is pnpm → node scripts/start.mjs → node cli.js.
    if (stillRunning && child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
    await exited;
  }
}

function pnpmStart(dataDir: string) {
  return (port: number) =>
    spawn('pnpm', ['start'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), TIPCHAT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
}

/** The server alone, without pnpm and the build check: what `pnpm start` runs once its builds are up to date. */
function serverAlone(dataDir: string) {
  return (port: number) =>
    spawn(process.execPath, [join(ROOT, 'packages/server/dist/cli.js'), 'start', '--demo'], {
      cwd: ROOT,
      detached: true,
      stdio: 'ignore',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), TIPCHAT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
}

const BARE_FASTIFY = `
const { default: fastify } = await import('fastify');
const app = fastify();
app.get('/readyz', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
`;

function bareFastify(port: number): ChildProcess {
  return spawn(process.execPath, ['--input-type=module', '-e', BARE_FASTIFY], {
    cwd: BENCH,
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH, PORT: String(port) },
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  process.stdout.write(`${machineLine()}\n${loadAverageLine()}\n`);
  const dataDir = await mkdtemp(join(tmpdir(), 'tipchat-bench-start-'));
  try {
    const first = await timeToFirst200(pnpmStart(dataDir), '/readyz');
    process.stdout.write(`first pnpm start (builds what changed, creates the database): ${seconds(first.ms)}\n`);
    const tipchat: number[] = [];
    const alone: number[] = [];
    const bare: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const start = await timeToFirst200(pnpmStart(dataDir), '/readyz');
      // A source edited since the last start (another terminal, an editor) makes this start a build: it is no second
      // start, so it is shown but left out of the figures.
      const rebuilt = start.output.includes('tipchat: building') ? ' (rebuilt: a source changed; left out)' : '';
      if (!rebuilt) tipchat.push(start.ms);
      alone.push((await timeToFirst200(serverAlone(dataDir), '/readyz')).ms);
      bare.push((await timeToFirst200(bareFastify, '/readyz')).ms);
      process.stdout.write(
        `rep ${rep + 1}: pnpm start ${seconds(start.ms)}${rebuilt}, server alone ${seconds(alone.at(-1) ?? 0)}, bare Fastify ${seconds(bare.at(-1) ?? 0)}\n`,
      );
    }
    if (tipchat.length === 0) throw new Error('every start rebuilt something (sources kept changing): no second start to report');
    const ratio = median(tipchat) / median(bare);
    process.stdout.write(
      `\n| | median | min | max |\n| --- | --- | --- | --- |\n` +
        `| second \`pnpm start\` → /readyz 200 | ${seconds(median(tipchat))} | ${seconds(Math.min(...tipchat))} | ${seconds(Math.max(...tipchat))} |\n` +
        `| \`node packages/server/dist/cli.js start --demo\` → /readyz 200 | ${seconds(median(alone))} | ${seconds(Math.min(...alone))} | ${seconds(Math.max(...alone))} |\n` +
        `| bare Fastify (\`node -e\`) → first 200 | ${seconds(median(bare))} | ${seconds(Math.min(...bare))} | ${seconds(Math.max(...bare))} |\n` +
        `\nratio (medians): pnpm start / bare Fastify ${ratio.toFixed(1)}×, server alone / bare Fastify ${(median(alone) / median(bare)).toFixed(1)}×\n`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
