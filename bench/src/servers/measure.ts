import { openFileLimits, serve } from '../rpc';

export interface ServerStats {
  /** User + system CPU of this process since it started, µs. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
}

export interface ServerHello {
  port: number;
  openFiles: number;
}

/**
 * What every server under test runs once it listens: report the port, then answer `stats`
 * (after a full GC when asked, so memory figures are live objects rather than garbage).
 */
export function measured(port: number, close: () => Promise<unknown>): void {
  const stats = ({ gc }: { gc: boolean }): ServerStats => {
    // Twice: the first pass runs finalizers whose objects the second one frees.
    if (gc) for (let i = 0; i < 2; i++) globalThis.gc?.();
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    return { cpuMicros: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed };
  };
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(0), 5_000).unref();
    close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  serve({ stats }, { port, openFiles: openFileLimits().soft } satisfies ServerHello);
}

/** The event a chat message becomes on the wire, shaped like tipchat's (same fields, similar size). */
export function chatEvent(seq: number, text: string) {
  const at = new Date().toISOString();
  const channelId = '5b0c3a52-2f0e-4c39-9d53-8a6f1f1d2e11';
  return {
    channelId,
    seq,
    type: 'chat.message',
    data: {
      id: '0f8e4c1e-7a57-4a70-8d55-2b8f9d0c6a33',
      channelId,
      seq,
      author: { viewerId: '9a1d2c3b-4e5f-4a6b-8c7d-0e1f2a3b4c5d', displayName: 'Sender 1', kind: 'guest', role: 'viewer' },
      text,
      createdAt: at,
    },
    at,
    prev: seq - 1,
  };
}
