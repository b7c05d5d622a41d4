import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { tsxLoader } from './crashing-server';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a freshly deployed server: nothing of this test process's (vitest sets NODE_ENV=test, CI sets
 * DATABASE_URL) but what a shell needs and what the test names.
 */
function bareEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env };
}

function spawnCli(args: string[], env: Record<string, string>, cwd?: string): ChildProcess {
  return spawn(process.execPath, ['--conditions=tipchat-source', '--import', tsxLoader(), CLI, ...args], {
    cwd,
    env: bareEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `tipchat <args>` to completion (a command that exits: a refusal, migrate, admin). */
export async function runCli(args: string[], env: Record<string, string>, options: { stdin?: string; cwd?: string } = {}): Promise<CliRun> {
  const child = spawnCli(args, env, options.cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin?.end(options.stdin ?? '');
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export interface RunningCli {
  url: string;
  /** Everything the server printed so far (the banner included). */
  stdout(): string;
  stop(): Promise<void>;
}

/** Starts `tipchat start <args>` on a free port and waits for its banner; throws with its output if it exits instead. */
export async function startCli(args: string[], env: Record<string, string>, cwd?: string): Promise<RunningCli> {
  const port = await freePort();
  return listening(spawnCli(['start', ...args], { HOST: '127.0.0.1', PORT: String(port), ...env }, cwd), port, 'tipchat start');
}

/** Waits for a started tipchat's banner (it listens on `port`); throws with its output if it exits instead. */
export async function listening(child: ChildProcess, port: number, what: string): Promise<RunningCli> {
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Stop with Ctrl+C.')) resolve();
    });
    void exited.then(([code]) => reject(new Error(`${what} exited (${String(code)}) before it listened:\n${stdout}\n${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
