import type { ChatSendResult } from '@tipchat/sdk/protocol';
import { io, type Socket } from 'socket.io-client';
import { nowMicros } from '../latency';
import { ChatRefused } from './rest-client';
import type { Guest } from './setup';

/** Which block of `blockSize` consecutive messages message `index` is in. */
export const blockOf = (index: number, blockSize: number) => Math.floor(index / blockSize);

/** How many of `count` messages fall in block `block` (the last block may be short). */
export const blockLength = (block: number, blockSize: number, count: number) => Math.max(0, Math.min(blockSize, count - block * blockSize));

/** Blocks whose sockets are opened ahead of time so that `leadMs` before a block is due, its socket is on its way. */
export const leadBlocks = (leadMs: number, rate: number, blockSize: number) => Math.max(1, Math.ceil((leadMs / 1000) * (rate / blockSize)));

export interface SocketSenderStats {
  /** Sender sockets opened (one per block). */
  connects: number;
  connectFailures: number;
  /** Sends whose socket was not connected yet when they were due: they waited for it. */
  lateConnects: number;
  /** Sender sockets connected at once: the most, and the average over the phase. */
  maxOnline: number;
  averageOnline: number;
}

interface Sender {
  socket: Socket;
  ready: Promise<Socket>;
  connected: boolean;
  length: number;
  settled: number;
}

/**
 * The socket path's senders. A widget sends chat over its socket.io connection (`chat:send`,
 * answered by an ack), and every socket of the channel also receives the channel's broadcast.
 * Keeping one socket per guest open would make the sending guests (3 × the rate of them) the
 * biggest audience of the run, so each guest's socket is opened shortly before its turn, sends a
 * block of `blockSize` consecutive messages (within the per-viewer flood limit) and leaves once
 * they are answered. Sockets are real socket.io-client instances with the guest's token and its
 * own address (X-Forwarded-For), and send only after the server's `ready` (the server listens
 * for `chat:send` from then on).
 */
export class SocketSenders {
  private readonly senders = new Map<number, Sender>();
  private online = 0;
  private onlineSince = nowMicros();
  private onlineIntegral = 0;
  private readonly startedAt = nowMicros();
  private readonly stats = { connects: 0, connectFailures: 0, lateConnects: 0, maxOnline: 0 };

  constructor(
    private readonly baseUrl: string,
    private readonly slug: string,
    private readonly guests: Guest[],
    private readonly count: number,
    private readonly settings: { blockSize: number; leadBlocks: number; ackTimeoutMs: number; connectTimeoutMs: number },
  ) {}

  /** Opens the first blocks' sockets before the phase's clock starts. */
  async prime(): Promise<void> {
    const opening: Promise<unknown>[] = [];
    for (let block = 0; block < this.settings.leadBlocks; block++) {
      const sender = this.open(block);
      if (sender) opening.push(sender.ready.catch(() => {}));
    }
    await Promise.all(opening);
  }

  /** Sends message `index` from its block's socket, stamped with the clock when it is emitted; resolves on an ok ack. */
  async send(index: number, text: (sentAtMicros: number) => string): Promise<void> {
    const { blockSize } = this.settings;
    const block = blockOf(index, blockSize);
    if (index % blockSize === 0) this.open(block + this.settings.leadBlocks);
    const sender = this.open(block);
    if (!sender) throw new Error(`chat bench: message ${index} is beyond the phase's ${this.count}`);
    try {
      if (!sender.connected) this.stats.lateConnects++;
      const socket = await sender.ready;
      const result = await new Promise<ChatSendResult>((resolve, reject) => {
        socket
          .timeout(this.settings.ackTimeoutMs)
          .emit('chat:send', { text: text(nowMicros()) }, (error: Error | null, answer: ChatSendResult) =>
            error ? reject(new ChatRefused('TIMEOUT', `chat:send: no ack in ${this.settings.ackTimeoutMs} ms`)) : resolve(answer),
          );
      });
      if (!result.ok) throw new ChatRefused(result.error.code, `chat:send refused: ${result.error.code} ${result.error.message}`);
    } finally {
      sender.settled++;
      if (sender.settled >= sender.length) this.leave(block, sender);
    }
  }

  private open(block: number): Sender | null {
    const existing = this.senders.get(block);
    if (existing) return existing;
    const length = blockLength(block, this.settings.blockSize, this.count);
    if (length === 0) return null;
    const guest = this.guests[block % this.guests.length];
    if (!guest) throw new Error('chat bench: no guests');
    const socket = io(this.baseUrl, {
      transports: ['websocket'],
      auth: { channel: this.slug, token: guest.token },
      extraHeaders: { 'x-forwarded-for': guest.ip },
      reconnection: false,
      forceNew: true,
      timeout: this.settings.connectTimeoutMs,
    });
    this.stats.connects++;
    const sender: Sender = { socket, connected: false, length, settled: 0, ready: Promise.resolve(socket) };
    sender.ready = new Promise<Socket>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stats.connectFailures++;
        reject(new ChatRefused('CONNECT_TIMEOUT', `sender socket: no ready in ${this.settings.connectTimeoutMs} ms`));
      }, this.settings.connectTimeoutMs);
      socket.once('ready', () => {
        clearTimeout(timer);
        sender.connected = true;
        this.track(+1);
        resolve(socket);
      });
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
        clearTimeout(timer);
        this.stats.connectFailures++;
        reject(new ChatRefused(error.data?.code ?? 'CONNECT_ERROR', `sender socket refused: ${error.message}`));
      });
    });
    sender.ready.catch(() => {});
    this.senders.set(block, sender);
    return sender;
  }

  private leave(block: number, sender: Sender): void {
    this.senders.delete(block);
    if (sender.connected) this.track(-1);
    sender.connected = false;
    sender.socket.disconnect();
  }

  private track(delta: number): void {
    const now = nowMicros();
    this.onlineIntegral += this.online * (now - this.onlineSince);
    this.onlineSince = now;
    this.online += delta;
    this.stats.maxOnline = Math.max(this.stats.maxOnline, this.online);
  }

  /** Closes every socket still open (blocks whose sends never came, after a stop) and returns the counts. */
  close(): SocketSenderStats {
    this.track(0);
    const elapsed = Math.max(1, nowMicros() - this.startedAt);
    const averageOnline = this.onlineIntegral / elapsed;
    for (const [block, sender] of this.senders) this.leave(block, sender);
    return { ...this.stats, averageOnline };
  }
}
