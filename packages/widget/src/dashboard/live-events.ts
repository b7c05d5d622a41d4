import type { ChannelConnection, ChannelEventMap, ChannelEventType, ConnectionState } from './sdk';

type Handler<K extends ChannelEventType> = (data: ChannelEventMap[K]) => void;

/**
 * The channel's realtime events for the whole dashboard. Views subscribe here rather than to a
 * connection, because the connection is replaced when the session changes (another tab renewed
 * it, the user signed in again) and subscriptions must outlive that.
 */
export class LiveEvents {
  private readonly handlers = new Map<ChannelEventType, Set<(data: unknown) => void>>();
  private readonly stateHandlers = new Set<(state: ConnectionState) => void>();
  private readonly resetHandlers = new Set<() => void>();
  private connection: ChannelConnection | null = null;
  private detach: (() => void)[] = [];
  state: ConnectionState = 'disconnected';

  /** Calls `handler` with each event of `type`'s payload. Returns the unsubscribe function. */
  on<K extends ChannelEventType>(type: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(type) ?? new Set();
    this.handlers.set(type, set);
    const entry = (data: unknown) => handler(data as ChannelEventMap[K]);
    set.add(entry);
    return () => set.delete(entry);
  }

  onState(handler: (state: ConnectionState) => void): () => void {
    this.stateHandlers.add(handler);
    return () => this.stateHandlers.delete(handler);
  }

  /**
   * Calls `handler` when the server no longer held the events the dashboard missed (away longer
   * than the retention period): what views built from events is stale and must be loaded again.
   */
  onReset(handler: () => void): () => void {
    this.resetHandlers.add(handler);
    return () => this.resetHandlers.delete(handler);
  }

  /** Listens to `connection` from now on (closing the previous one) and connects it. */
  attach(connection: ChannelConnection): Promise<void> {
    this.close();
    this.connection = connection;
    this.detach = [
      connection.onAny((event) => {
        for (const handler of this.handlers.get(event.type) ?? []) handler(event.data);
      }),
      connection.onState((state) => this.setState(state)),
      connection.onReset(() => {
        for (const handler of this.resetHandlers) handler();
      }),
    ];
    return connection.connect().then(
      () => undefined,
      // A refused or failed first connect leaves the state 'disconnected'; the header shows it.
      () => this.setState('disconnected'),
    );
  }

  close(): void {
    for (const off of this.detach) off();
    this.detach = [];
    this.connection?.close();
    this.connection = null;
    this.setState('disconnected');
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const handler of this.stateHandlers) handler(state);
  }
}
