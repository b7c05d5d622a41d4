import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config } from '../../src/config';

export interface CrashingServer {
  /** http://127.0.0.1:<port> of the child's server. */
  url: string;
  process: ChildProcess;
  /** Resolves with the signal that ended the process (null when it exited by itself). */
  exited: Promise<NodeJS.Signals | null>;
}

/**
 * tsx runs the child's TypeScript (with the tipchat-source condition, workspace packages resolve to
 * their sources as in the tests). The server package does not depend on tsx; the bench package does.
 */
export function tsxLoader(): string {
  for (const from of [import.meta.url, new URL('../../../../bench/package.json', import.meta.url).href]) {
    try {
      return pathToFileURL(createRequire(from).resolve('tsx')).href;
    } catch {
      // Not resolvable from here: try the next package.
    }
  }
  throw new Error('running a server in a child process needs tsx: run pnpm install at the repository root');
}

/**
 * Starts crashing-server-child.ts — a real tipchat server that SIGKILLs itself as soon as a
 * payment event commits — in a Node process of its own on `database`, configured like
 * startTestServer's servers plus `env`. Kill it yourself if the test ends before it crashes.
 */
export async function startCrashingServer(env: Record<string, string>, database: Config['database']): Promise<CrashingServer> {
  const script = fileURLToPath(new URL('./crashing-server-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=tipchat-source', '--import', tsxLoader(), script], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      AUTH_RATE_LIMIT: '1000',
      TIP_RATE_LIMIT_IP: '100000',
      TIP_RATE_LIMIT_DEVICE: '100000',
      JOIN_RATE_LIMIT_IP: '100000',
      JOIN_RATE_LIMIT_DEVICE: '100000',
      REDIS_KEY_PREFIX: `tipchat-test-${randomBytes(4).toString('hex')}:`,
      // process.env may hold the admin URL of the test Postgres: the child gets exactly this database.
      ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : { DATABASE_URL: '', TIPCHAT_DATA_DIR: database.dataDir }),
      ...env,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit').then(([, signal]) => signal as NodeJS.Signals | null);
  const url = await Promise.race([
    once(child, 'message').then(([message]) => (message as { url: string }).url),
    exited.then((signal) => {
      throw new Error(`the crashing server exited before it listened (${signal ?? 'no signal'}):\n${stderr}`);
    }),
  ]);
  return { url, process: child, exited };
}
