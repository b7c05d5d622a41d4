import { io } from 'socket.io-client';
import { errorFromCode, NetworkError, TipchatError } from '../errors';
import type { HttpClient } from '../http';
import { type IdempotentOptions, newIdempotencyKey } from '../idempotency';
import type { ChatMessage } from '../protocol/chat';
import type { ChannelEvent, ChannelEventOf, ChannelEventType, ChatSendResult, RealtimeAuth } from '../protocol/events';
import type { EventsResource } from '../resources/events';
import { EventSequencer, prunedDetails } from './sequencer';
import type { ConnectionState, ReadyInfo, RealtimeOptions, RealtimeReset, TipchatSocket } from './types';

export interface RealtimeContext {
  baseUrl: string;
  http: HttpClient;
  events: EventsResource;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** What a refused handshake carries in `err.data`. */
function refusal(error: Error): { code: string; message: string; details?: unknown } | undefined {
  const data = (error as Error & { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { code, message, details } = data as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string' ? { code, message, details } : undefined;
}

/** 4xx answers other than "slow down" will not change by asking again. */
const isPermanent = (error: TipchatError) => error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;

const unreachable = (baseUrl: string, cause?: unknown) =>
  new NetworkError({ code: 'NETWORK_ERROR', message: `Could not open a realtime connection to ${baseUrl}`, status: 0, cause });

/**
 * A live connection to one channel's events. Handlers see every event the credential may see
 * exactly once and in sequence order, across drops and reconnects: a socket that comes back
 * fetches what it missed through the events API before live events go on.
 */
export class ChannelConnection {
  /**
   * The socket.io socket underneath, for diagnostics (e.g. `socket.io.engine`). Emitting on it
   * directly bypasses the connection's bookkeeping.
   */
  readonly socket: TipchatSocket;
  /**
   * Sends a chat message over the socket with a client message id (a new random one per call
   * unless `options.idempotencyKey` is given), reused when the SDK retries after renewing a
   * session: the server stores the message once and answers a repeated id with the first message.
   * After a TIMEOUT or NETWORK_ERROR, send again with the same key to be sure without doubling it.
   */
  readonly chat: { send(text: string, options?: IdempotentOptions): Promise<ChatMessage> };

  private readonly sequencer: EventSequencer;
  private readonly listeners = new Set<(event: ChannelEvent) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly errorListeners = new Set<(error: TipchatError) => void>();
  private readonly resetListeners = new Set<(reset: RealtimeReset) => void>();
  private readonly ackTimeoutMs: number;
  private readonly reconnectDelayMs: number;
  private currentState: ConnectionState = 'disconnected';
  private info: ReadyInfo | undefined;
  /** Settled by the next ready-and-caught-up (or by a failure): what connect() hands out. */
  private waiting: Deferred<ReadyInfo> | undefined;
  /** True while the connection should not be connected (before connect(), after close() or a refusal). */
  private stopped = true;
  /** Bumped on every ready and drop, so a catch-up that finishes late cannot mark a dropped socket connected. */
  private generation = 0;
  private handshakeToken: string | undefined;
  private refreshedForHandshake = false;
  private serverDrops = 0;
  /** Handshakes refused with EVENTS_PRUNED since the last ready: more than a few means the server and we disagree. */
  private prunedRefusals = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal Made by `client.realtime(channel, options)`. */
  constructor(
    private readonly context: RealtimeContext,
    readonly channel: string,
    private readonly options: RealtimeOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.reconnectDelayMs = options.socketOptions?.reconnectionDelay ?? 1_000;
    const pageSize = options.pageSize ?? 500;
    this.sequencer = new EventSequencer(
      {
        pageSize,
        fetchPage: (after, limit) => context.events.after(channel, after, { limit, token: this.explicitToken() }),
        deliver: (event) => this.dispatch(event),
        retryDelay: (error, attempt) => this.retryDelay(error, attempt),
        reset: (reset) => this.emitTo(this.resetListeners, reset),
      },
      options.after,
    );
    const url = new URL(context.baseUrl);
    this.socket = io(url.origin, {
      autoConnect: false,
      // A Manager of its own: closing this connection never closes another one's transport.
      forceNew: true,
      ...options.socketOptions,
      // Under a path prefix (a reverse proxy), socket.io lives under the same prefix as the API.
      path: `${url.pathname.replace(/\/+$/, '')}/socket.io/`,
      // A function, so every reconnect presents the current credential (a refreshed access token).
      auth: (send) => {
        void this.credential().then((token) => {
          this.handshakeToken = token;
          // Resuming: the server refuses (EVENTS_PRUNED) rather than let the gap fetch miss pruned events.
          const after = this.sequencer.lastSeq;
          const auth: RealtimeAuth = token === undefined ? { channel } : { channel, token };
          send(after === undefined ? auth : { ...auth, after });
        });
      },
    });
    this.socket.on('ready', (ready) => this.onReady(ready));
    this.socket.on('event', (event) => this.sequencer.push(event));
    this.socket.on('connect_error', (error) => this.onConnectError(error));
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.chat = { send: (text, sendOptions = {}) => this.send(text, sendOptions.idempotencyKey ?? newIdempotencyKey(), true) };
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The newest sequence handled; undefined until known (from the `after` option or the first connect). */
  get lastSeq(): number | undefined {
    return this.sequencer.lastSeq;
  }

  /** Who this connection is in the channel (role, viewerId), as of the latest handshake. */
  get ready(): ReadyInfo | undefined {
    return this.info;
  }

  /**
   * Connects, and resolves once caught up: events up to the server's head (after `after`, if
   * given) have been delivered. Rejects with a TipchatError when the server refuses the handshake
   * (TOKEN_INVALID, NOT_FOUND…) or cannot be reached; later drops are reconnected automatically.
   */
  connect(): Promise<ReadyInfo> {
    if (!this.stopped) {
      if (this.currentState === 'connected' && this.info) return Promise.resolve(this.info);
      return this.nextReady();
    }
    this.stopped = false;
    this.refreshedForHandshake = false;
    this.sequencer.resume();
    const ready = this.nextReady();
    this.setState('connecting');
    this.socket.connect();
    return ready;
  }

  /** Disconnects for good (until connect() again, which resumes after `lastSeq`). */
  close(): void {
    this.stop();
    this.settle(new TipchatError({ code: 'CONNECTION_CLOSED', message: 'The connection was closed', status: 0 }));
    this.setState('disconnected');
  }

  /**
   * Reconnects with the credential as it is now (after a sign-in, or a token you changed), and
   * resumes where it left off.
   */
  reauthenticate(): Promise<ReadyInfo> {
    if (this.stopped) return this.connect();
    const ready = this.nextReady();
    this.socket.disconnect();
    this.socket.connect();
    return ready;
  }

  /** Calls `handler` for each event of `type`. Returns the unsubscribe function. */
  on<K extends ChannelEventType>(type: K, handler: (event: ChannelEventOf<K>) => void): () => void {
    return this.subscribe(this.listeners, (event) => {
      if (event.type === type) handler(event as ChannelEventOf<K>);
    });
  }

  /** Calls `handler` for every event, in sequence order. */
  onAny(handler: (event: ChannelEvent) => void): () => void {
    return this.subscribe(this.listeners, handler);
  }

  onState(handler: (state: ConnectionState) => void): () => void {
    return this.subscribe(this.stateListeners, handler);
  }

  /**
   * Problems nobody awaits: a refused reconnect, a gap fetch that failed (it is retried), a send
   * whose session could not be renewed.
   */
  onError(handler: (error: TipchatError) => void): () => void {
    return this.subscribe(this.errorListeners, handler);
  }

  /**
   * Calls `handler` when the server no longer holds events this connection missed (they were
   * older than its retention period): rebuild what you keep from events through REST. The
   * connection goes on from the log's head by itself; events after `reset.headSeq` follow in order.
   */
  onReset(handler: (reset: RealtimeReset) => void): () => void {
    return this.subscribe(this.resetListeners, handler);
  }

  private subscribe<A>(set: Set<(arg: A) => void>, handler: (arg: A) => void): () => void {
    // A wrapper per call, so subscribing one function twice gives two independent subscriptions.
    const entry = (arg: A) => handler(arg);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  private async send(text: string, clientMessageId: string, mayRenew: boolean): Promise<ChatMessage> {
    if (this.stopped) throw new TipchatError({ code: 'CONNECTION_CLOSED', message: 'Connect before sending', status: 0 });
    let result: ChatSendResult;
    try {
      // emit with a callback rather than emitWithAck, whose typings lose the answer's type under timeout().
      result = await new Promise<ChatSendResult>((resolve, reject) => {
        this.socket
          .timeout(this.ackTimeoutMs)
          .emit('chat:send', { text, clientMessageId }, (error, answer) => (error ? reject(error) : resolve(answer)));
      });
    } catch (cause) {
      // Either way the message may have been stored: check the chat before sending it again.
      const timedOut = this.socket.connected;
      throw new NetworkError({
        code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
        message: timedOut
          ? `No answer to the chat message within ${this.ackTimeoutMs} ms`
          : 'The connection dropped before the chat message was answered',
        status: 0,
        cause,
      });
    }
    if (result.ok) return result.message;
    const error = errorFromCode(result.error.code, result.error.message, result.error.details);
    // The socket still presents the access token it connected with: renew it, reconnect with the new one, retry once.
    if (mayRenew && error.code === 'TOKEN_EXPIRED' && this.usesSession()) {
      await this.context.http.refreshOnce();
      await this.reauthenticate();
      // The same id: if the refused attempt was somehow stored, the retry answers with it rather than store a second.
      return this.send(text, clientMessageId, false);
    }
    throw error;
  }

  private explicitToken(): string | undefined {
    return typeof this.options.token === 'string' ? this.options.token : this.options.token === undefined ? undefined : this.handshakeToken;
  }

  private async credential(): Promise<string | undefined> {
    const source = this.options.token;
    if (source === undefined) return this.context.http.credential(this.channel);
    if (typeof source === 'string') return source;
    try {
      return await source();
    } catch (cause) {
      this.report(
        new TipchatError({
          code: 'UNAUTHENTICATED',
          message: 'The token function failed; connecting without a credential',
          status: 401,
          cause,
        }),
      );
      return undefined;
    }
  }

  /** The handshake used the client's account session, which the client can renew. */
  private usesSession(): boolean {
    return this.options.token === undefined && this.context.http.canRefresh(this.handshakeToken);
  }

  private onReady(ready: ReadyInfo): void {
    const generation = ++this.generation;
    this.info = ready;
    this.serverDrops = 0;
    this.prunedRefusals = 0;
    this.refreshedForHandshake = false;
    void this.sequencer.sync(ready.lastSeq).then(() => {
      if (generation !== this.generation || this.stopped) return;
      this.setState('connected');
      this.settle(ready);
    });
  }

  private onConnectError(error: Error): void {
    if (this.stopped) return;
    const refused = refusal(error);
    if (!refused) {
      // Not an answer from tipchat: the transport failed. socket.io retries a dropped connection by
      // itself; a first connect fails fast so the caller hears about it.
      if (this.currentState === 'connecting') this.fail(unreachable(this.context.baseUrl, error));
      return;
    }
    const typed = errorFromCode(refused.code, refused.message, refused.details);
    const pruned = prunedDetails(typed);
    if (pruned && this.prunedRefusals++ < 3) {
      // Continue from the head (the application hears onReset), then connect from there.
      void this.sequencer.skip(pruned).then(() => {
        if (!this.stopped) this.socket.connect();
      });
      return;
    }
    if (typed.code === 'TOKEN_EXPIRED' && !this.refreshedForHandshake && this.usesSession()) {
      this.refreshedForHandshake = true;
      this.context.http.refreshOnce().then(
        () => {
          if (!this.stopped) this.socket.connect();
        },
        (cause: unknown) => this.fail(cause instanceof TipchatError ? cause : typed),
      );
      return;
    }
    this.fail(typed);
  }

  private onDisconnect(reason: string): void {
    this.generation++;
    if (this.stopped) return;
    this.setState(this.currentState === 'connecting' ? 'connecting' : 'reconnecting');
    // socket.io comes back by itself from everything but a server-side disconnect (a restart or a
    // kick); come back from those too, with growing pauses — the handshake decides if we may.
    if (reason === 'io server disconnect') {
      const delay = Math.min(30_000, this.reconnectDelayMs * 2 ** this.serverDrops++);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        if (!this.stopped && !this.socket.connected) this.socket.connect();
      }, delay);
    }
  }

  private retryDelay(error: unknown, attempt: number): number | null {
    if (this.stopped) return null;
    const typed = error instanceof TipchatError ? error : unreachable(this.context.baseUrl, error);
    if (isPermanent(typed)) {
      this.fail(typed);
      return null;
    }
    this.report(typed);
    return Math.min(30_000, 250 * 2 ** attempt);
  }

  private dispatch(event: ChannelEvent): void {
    this.emitTo(this.listeners, event);
  }

  private emitTo<A>(listeners: Set<(arg: A) => void>, arg: A): void {
    for (const listener of [...listeners]) {
      try {
        listener(arg);
      } catch (error) {
        // A failing handler must not stop the others or the stream; surface it like an uncaught error.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  private nextReady(): Promise<ReadyInfo> {
    this.waiting ??= deferred<ReadyInfo>();
    return this.waiting.promise;
  }

  private settle(outcome: ReadyInfo | TipchatError): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    if (outcome instanceof TipchatError) waiting.reject(outcome);
    else waiting.resolve(outcome);
  }

  /** Gives up: disconnects and tells whoever waits (or the error listeners). */
  private fail(error: TipchatError): void {
    const awaited = this.waiting !== undefined;
    this.stop();
    this.settle(error);
    if (!awaited) this.report(error);
    this.setState('disconnected');
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.sequencer.pause();
    this.socket.disconnect();
  }

  private report(error: TipchatError): void {
    for (const listener of [...this.errorListeners]) listener(error);
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }
}
