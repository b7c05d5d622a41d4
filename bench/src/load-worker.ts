import type WebSocket from 'ws';
import { Histogram, nowMicros, type SparseHistogram } from './latency';
import { openFileLimits, serve } from './rpc';
import { connectThin, type Target } from './thin-client';

/**
 * A load process: holds thousands of thin clients and counts what they receive. It runs apart
 * from the bench's main process so that the sender's clock and the probes are not slowed down
 * by the load's own work.
 */
export interface ConnectArgs {
  target: Target;
  count: number;
  /** Handshakes in flight at once; more overflows the server's accept queue. */
  concurrency: number;
}

export interface ConnectResult {
  open: number;
  failed: number;
  firstError: string | null;
}

export interface LoadReport {
  deliveries: number;
  /** When the newest delivery arrived (nowMicros), 0 if none. */
  lastAtMicros: number;
  histogram: SparseHistogram;
  /** This process's CPU since the last reset, µs. */
  cpuMicros: number;
  open: number;
  /** Clients that lost their connection after connecting. */
  dropped: number;
}

const sockets = new Set<WebSocket>();
let histogram = new Histogram();
let deliveries = 0;
let lastAtMicros = 0;
let dropped = 0;
let cpuAtReset = process.cpuUsage();

function onStamp(sentAt: number) {
  const now = nowMicros();
  histogram.record(now - sentAt);
  deliveries++;
  lastAtMicros = now;
}

function onClose(ws: WebSocket) {
  if (sockets.delete(ws)) dropped++;
}

async function connect({ target, count, concurrency }: ConnectArgs): Promise<ConnectResult> {
  let started = 0;
  let failed = 0;
  let firstError: string | null = null;
  const lane = async () => {
    while (started < count) {
      started++;
      try {
        sockets.add(await connectThin(target, onStamp, onClose));
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { open: sockets.size, failed, firstError };
}

function reset(): null {
  histogram = new Histogram();
  deliveries = 0;
  lastAtMicros = 0;
  cpuAtReset = process.cpuUsage();
  return null;
}

function report(): LoadReport {
  const cpu = process.cpuUsage(cpuAtReset);
  return { deliveries, lastAtMicros, histogram: histogram.sparse(), cpuMicros: cpu.user + cpu.system, open: sockets.size, dropped };
}

/** Closes every client and waits (bounded) for the closes to finish. */
async function close(): Promise<null> {
  const all = [...sockets];
  sockets.clear();
  await Promise.race([
    Promise.all(
      all.map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.terminate();
          }),
      ),
    ),
    new Promise((resolve) => setTimeout(resolve, 10_000)),
  ]);
  dropped = 0;
  return null;
}

serve({ connect, reset, report, close }, { openFiles: openFileLimits().soft });
