import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { nowMicros, readStamp } from './latency';
import type { Target } from './thin-client';

/**
 * Latency probes: real socket.io-client instances (real `ws` clients for the raw arm) that do
 * what a widget does — parse every event — and note how long each message took.
 */
export class Probes {
  private readonly closers: Array<() => void> = [];
  samples: number[] = [];
  deliveries = 0;
  lastAtMicros = 0;

  constructor(
    /** The HTTP base URL, for socket.io-client. */
    private readonly httpUrl: string,
  ) {}

  get count(): number {
    return this.closers.length;
  }

  private record(text: unknown) {
    if (typeof text !== 'string') return;
    const sentAt = readStamp(text);
    if (sentAt < 0) return;
    const now = nowMicros();
    this.samples.push(now - sentAt);
    this.deliveries++;
    this.lastAtMicros = now;
  }

  add(target: Target, timeoutMs = 20_000): Promise<void> {
    return target.protocol === 'socket.io' ? this.addSocketIo(target, timeoutMs) : this.addWs(target, timeoutMs);
  }

  private addSocketIo(target: Target, timeoutMs: number): Promise<void> {
    const socket: Socket = io(this.httpUrl, {
      transports: ['websocket'],
      auth: target.auth ?? {},
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    this.closers.push(() => socket.disconnect());
    socket.on('event', (event: { type?: string; data?: { text?: unknown } }) => {
      if (event.type === 'chat.message') this.record(event.data?.text);
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`probe refused: ${error.message}`)));
    });
  }

  private addWs(target: Target, timeoutMs: number): Promise<void> {
    const ws = new WebSocket(target.url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    this.closers.push(() => ws.terminate());
    ws.on('message', (data: Buffer) => {
      const event = JSON.parse(data.toString()) as { type?: string; data?: { text?: unknown } };
      if (event.type === 'chat.message') this.record(event.data?.text);
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  }

  reset(): void {
    this.samples = [];
    this.deliveries = 0;
    this.lastAtMicros = 0;
  }

  close(): void {
    for (const close of this.closers.splice(0)) close();
  }
}
