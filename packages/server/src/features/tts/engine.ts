import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TtsVoice } from '@tipchat/sdk/protocol';

export interface SpeechRequest {
  text: string;
  voice: TtsVoice;
  /** Words per minute. */
  rate: number;
  /** 0–100. */
  volume: number;
}

/** Text in, a WAV file out. */
export interface SpeechEngine {
  synthesise(request: SpeechRequest): Promise<Uint8Array>;
  close(): void;
}

/** Longer than any capped text takes (well under a second on one core), short enough that a stuck engine is replaced. */
const SYNTHESIS_TIMEOUT_MS = 20_000;

/** Finds the engine script from the source tree or from the built `dist/` alike (as the migrations are found). */
function engineScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'src', 'features', 'tts', 'espeak-child.mjs');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('tipchat: cannot find the speech engine (src/features/tts/espeak-child.mjs)');
    dir = parent;
  }
}

interface Pending {
  resolve(wav: Uint8Array): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type Answer = { ready: true } | { id: number; wav: Uint8Array } | { id: number; error: string };

/**
 * eSpeak-NG (GPL-3.0) in a child process of its own, forked on the first request: a server that
 * never speaks never loads its 24 MB of voice data, startup pays nothing, synthesis does not
 * block the event loop, and the GPL engine stays a separate program. A child that dies or hangs
 * fails what it was asked and is forked again on the next request.
 */
export class EspeakEngine implements SpeechEngine {
  #child: ChildProcess | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  synthesise(request: SpeechRequest): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(new Error('the speech engine is closed'));
    const child = this.#child ?? this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('the speech engine did not answer in time'));
        this.#stop(child);
      }, SYNTHESIS_TIMEOUT_MS);
      this.#pending.set(id, { resolve, reject, timer });
      child.send({ id, ...request });
    });
  }

  close(): void {
    this.#closed = true;
    if (this.#child) this.#stop(this.#child);
  }

  #start(): ChildProcess {
    // Advanced serialisation carries the WAV bytes as a Uint8Array, not as JSON numbers.
    // No inherited flags (an --inspect port, test loaders): the engine is plain JavaScript.
    const child = fork(engineScript(), [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.#child = child;
    child.on('message', (message: Answer) => {
      if ('ready' in message) return;
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      clearTimeout(pending.timer);
      if ('wav' in message) pending.resolve(new Uint8Array(message.wav));
      else pending.reject(new Error(message.error));
    });
    child.on('exit', () => this.#stop(child));
    child.on('error', () => this.#stop(child));
    return child;
  }

  /** Ends the child and fails everything it still owed. */
  #stop(child: ChildProcess): void {
    if (this.#child === child) this.#child = undefined;
    if (child.exitCode === null && !child.killed) child.kill();
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error('the speech engine stopped'));
      this.#pending.delete(id);
    }
  }
}
