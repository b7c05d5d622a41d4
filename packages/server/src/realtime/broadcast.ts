import type { StoredEvent } from './event-log';

/** `prevPublic`: see Publish in relay.ts. */
export type EventSink = (event: StoredEvent, prevPublic: number) => void;

/** Where the relay hands published events: socket.io rooms and the plain-WebSocket feed. */
export class Broadcast {
  private readonly sinks = new Set<EventSink>();

  add(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  publish = (event: StoredEvent, prevPublic: number): void => {
    for (const sink of this.sinks) sink(event, prevPublic);
  };
}
