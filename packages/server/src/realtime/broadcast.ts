import type { StoredEvent } from './event-log';

export type EventSink = (event: StoredEvent, prev: number) => void;

/** Where the relay hands published events: socket.io rooms and the plain-WebSocket feed. */
export class Broadcast {
  private readonly sinks = new Set<EventSink>();

  add(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  publish = (event: StoredEvent, prev: number): void => {
    for (const sink of this.sinks) sink(event, prev);
  };
}
