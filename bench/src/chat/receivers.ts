import { io, type Socket } from 'socket.io-client';
import { Histogram, nowMicros, readStamp, type SparseHistogram } from '../latency';
import { openFileLimits, serve } from '../rpc';

/**
 * The channel's audience in a process of its own (so that parsing every event does not delay
 * the sender's clock): real socket.io-client instances, connected anonymously as a widget
 * connects, that parse every event and note how long each chat message of the current phase
 * took from its send (the stamp in its text) to here.
 */
export interface ReceiversReport {
  /** Chat messages of the current phase received, over all receivers. */
  deliveries: number;
  /** Of one receiver: the fewest and the most received. */
  fewest: number;
  most: number;
  lastAtMicros: number;
  histogram: SparseHistogram;
  /** This process's CPU since the last reset, µs. */
  cpuMicros: number;
  open: number;
  /** Receivers that lost their connection. */
  dropped: number;
}

interface Receiver {
  socket: Socket;
  received: number;
  connected: boolean;
}

const receivers: Receiver[] = [];
let tag = '\u0000';
let histogram = new Histogram();
let deliveries = 0;
let lastAtMicros = 0;
let dropped = 0;
let cpuAtReset = process.cpuUsage();

function onEvent(receiver: Receiver, event: { type?: string; data?: { text?: unknown } }) {
  if (event.type !== 'chat.message') return;
  const text = event.data?.text;
  if (typeof text !== 'string' || !text.startsWith(tag)) return;
  const sentAt = readStamp(text);
  if (sentAt < 0) return;
  const now = nowMicros();
  histogram.record(now - sentAt);
  receiver.received++;
  deliveries++;
  lastAtMicros = now;
}

function connectOne(baseUrl: string, slug: string, timeoutMs: number): Promise<void> {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    auth: { channel: slug },
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  const receiver: Receiver = { socket, received: 0, connected: false };
  socket.on('event', (event) => onEvent(receiver, event));
  socket.on('disconnect', () => {
    if (receiver.connected) dropped++;
    receiver.connected = false;
  });
  return new Promise((resolve, reject) => {
    socket.once('ready', () => {
      receiver.connected = true;
      receivers.push(receiver);
      resolve();
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(new Error(`receiver refused: ${error.message}`));
    });
  });
}

async function connect({ baseUrl, slug, count }: { baseUrl: string; slug: string; count: number }) {
  let failed = 0;
  let firstError: string | null = null;
  for (let i = 0; i < count; i++) {
    try {
      await connectOne(baseUrl, slug, 20_000);
    } catch (error) {
      failed++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
  return { open: receivers.filter((r) => r.connected).length, failed, firstError };
}

/** Starts counting a new phase: only messages whose text starts with `tag` count. */
function reset({ tag: next }: { tag: string }): null {
  tag = next;
  histogram = new Histogram();
  deliveries = 0;
  lastAtMicros = 0;
  for (const receiver of receivers) receiver.received = 0;
  cpuAtReset = process.cpuUsage();
  return null;
}

function report(): ReceiversReport {
  const cpu = process.cpuUsage(cpuAtReset);
  const counts = receivers.map((r) => r.received);
  return {
    deliveries,
    fewest: counts.length > 0 ? Math.min(...counts) : 0,
    most: counts.length > 0 ? Math.max(...counts) : 0,
    lastAtMicros,
    histogram: histogram.sparse(),
    cpuMicros: cpu.user + cpu.system,
    open: receivers.filter((r) => r.connected).length,
    dropped,
  };
}

function close(): null {
  for (const receiver of receivers.splice(0)) {
    receiver.connected = false;
    receiver.socket.disconnect();
  }
  return null;
}

serve({ connect, reset, report, close }, { openFiles: openFileLimits().soft });
