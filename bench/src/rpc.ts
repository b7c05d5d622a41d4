import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Request/reply over a forked child's IPC channel. The bench drives its servers and load
 * workers through it, so a server's CPU and memory are read inside the server's own process.
 */
interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
type Hello = { hello: unknown };

export type Handlers = Record<string, (args: never) => unknown>;

/** In the child: answer the parent's calls, then say hello with what the parent needs to know. */
export function serve(handlers: Handlers, hello: unknown): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('bench: this script runs as a child of the fanout bench (no IPC channel)');
  process.on('message', (message: Request) => {
    const handler = handlers[message.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        return (handler as (args: unknown) => unknown)(message.args);
      })
      .then(
        (value) => send({ id: message.id, ok: true, value } satisfies Reply),
        (error: unknown) =>
          send({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
      );
  });
  // The parent going away (Ctrl+C, a crash) must not leave servers or sockets behind.
  process.on('disconnect', () => process.exit(0));
  send({ hello } satisfies Hello);
}

/** The soft and hard limits on open files of this process, from /proc (Node has no getrlimit). */
export function openFileLimits(): { soft: number; hard: number } {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft, hard] = (line?.match(/\d+|unlimited/g) ?? []).map((v) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v)));
  return { soft: soft ?? 1024, hard: hard ?? 1024 };
}

export class Child {
  readonly process: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly hello: Promise<unknown>;
  private exited = false;

  /**
   * Runs a TypeScript file of this package in a new Node process with the same loader flags as
   * this one, its soft open-file limit raised to `openFiles` (a process may raise it up to the
   * hard limit; `ulimit` is the only way to do that from Node).
   */
  constructor(
    readonly name: string,
    script: string,
    options: { env?: NodeJS.ProcessEnv; openFiles: number; args?: string[] },
  ) {
    // BENCH_CHILD_NODE_ARGS adds Node flags to the children, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
    const extra = process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const node = [process.execPath, ...process.execArgv, ...extra, '--expose-gc', script, ...(options.args ?? [])];
    this.process = spawn('sh', ['-c', `ulimit -n ${options.openFiles} && exec "$0" "$@"`, ...node], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...options.env },
    });
    const prefix = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((line) => `  [${name}] ${line}\n`)
        .join('');
    this.process.stdout?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
    this.process.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
    this.hello = new Promise((resolve, reject) => {
      this.process.on('message', (message: Reply | Hello) => {
        if ('hello' in message) return resolve(message.hello);
        const waiter = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(`${name}: ${message.error}`));
      });
      this.process.on('exit', (code, signal) => {
        this.exited = true;
        const error = new Error(`${name} exited (${signal ?? `code ${code}`})`);
        reject(error);
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
    });
    this.hello.catch(() => {});
  }

  call<T>(cmd: string, args: unknown = null, timeoutMs = 60_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: ${cmd} got no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.process.send({ id, cmd, args } satisfies Request);
    });
  }

  /** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}
