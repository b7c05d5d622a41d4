import type { ClientToServerEvents } from '@tipchat/sdk/protocol';
import type { ConnectionChannel } from './access';

/** The events a socket may emit (see ClientToServerEvents): each is `(body, ack)`. */
export type ClientEventName = keyof ClientToServerEvents;

type AckOf<E extends ClientEventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** What a handler answers when the event succeeded: its ack without `ok` (the gateway adds it, and turns a throw into `ok: false`). */
export type SocketAnswer<E extends ClientEventName> = Omit<Extract<AckOf<E>, { ok: true }>, 'ok'>;

/** The socket an event came from, as a handler sees it. */
export interface SocketConnection {
  channel: ConnectionChannel;
  /** The credential it connected with: roles change while a socket is open, so a handler resolves it again. */
  token: string | undefined;
  ip: string;
}

/** Answers one client event. `body` is whatever the client sent: the handler validates it. */
export type SocketHandler<E extends ClientEventName> = (connection: SocketConnection, body: unknown) => Promise<SocketAnswer<E>>;

/**
 * The client events the gateway answers, by name. Realtime only carries them: features register
 * what they handle (chat registers `chat:send`) before the server starts listening.
 */
export class SocketHandlers {
  private readonly handlers = new Map<ClientEventName, SocketHandler<ClientEventName>>();

  on<E extends ClientEventName>(event: E, handler: SocketHandler<E>): void {
    // An ack is answered once: two handlers of one event would race to answer it.
    if (this.handlers.has(event)) throw new Error(`A socket handler for ${event} is registered already`);
    this.handlers.set(event, handler);
  }

  entries(): IterableIterator<[ClientEventName, SocketHandler<ClientEventName>]> {
    return this.handlers.entries();
  }
}
