import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol/events';

/** The socket.io socket under a connection, typed by the protocol's event maps. */
export type TipchatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the server says once a socket is connected: who it is in the channel, where the log stands. */
export type ReadyInfo = Parameters<ServerToClientEvents['ready']>[0];

/**
 * `connecting`: connect() was called and the first handshake is under way; `connected`: caught
 * up and receiving live events; `reconnecting`: the socket dropped and comes back by itself;
 * `disconnected`: not connected and not trying (before connect(), after close() or a refusal).
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/**
 * What `onReset` hands its handlers: the log no longer holds events this connection missed (they
 * were older than the server's retention period). Whatever was built from events up to `lastSeq`
 * may be stale: load it again through REST. Events after `headSeq` keep coming, in order.
 */
export interface RealtimeReset {
  code: 'EVENTS_PRUNED';
  /** The last sequence handled before the jump. */
  lastSeq: number;
  /** The first sequence the log still held. */
  oldestSeq: number;
  /** Where the connection continues from: events after it are delivered. */
  headSeq: number;
}

/** A credential, or a function asked for one at every handshake (so a renewed token is picked up). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface RealtimeOptions {
  /**
   * Start after this sequence: events after it are delivered first, then live ones. Default: the
   * log's head at the first connect (no history replay). Pass an earlier connection's `lastSeq`
   * to resume it.
   */
  after?: number;
  /**
   * The credential for this connection — an overlay key, an API key. Default: the client's own
   * (its account session, else the guest token `chat.join` gave it for this channel), read again
   * at every handshake. Gaps are fetched with the same credential.
   */
  token?: TokenSource;
  /** Events per page when fetching a gap (1–1000). Default 500. */
  pageSize?: number;
  /** How long `chat.send` waits for the server's acknowledgement. Default 10 seconds. */
  ackTimeoutMs?: number;
  /** Passed to socket.io-client (transports, reconnection delays…); `auth`, `path` and `autoConnect` are the connection's own. */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}
