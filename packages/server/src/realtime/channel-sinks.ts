import type { EventSink } from './broadcast';
import type { StoredEvent } from './event-log';

/**
 * Sinks held by channel: an event reaches only the sinks of its own channel, so a busy channel
 * costs nothing to the connections of every other one. The plain-WebSocket feed's registry.
 */
export class ChannelSinks {
  private readonly byChannel = new Map<string, Set<EventSink>>();

  /** Adds `sink` for `channelId`'s events; returns its removal (a channel without sinks is forgotten). */
  add(channelId: string, sink: EventSink): () => void {
    let sinks = this.byChannel.get(channelId);
    if (!sinks) {
      sinks = new Set();
      this.byChannel.set(channelId, sinks);
    }
    sinks.add(sink);
    return () => {
      const held = this.byChannel.get(channelId);
      if (!held) return;
      held.delete(sink);
      if (held.size === 0) this.byChannel.delete(channelId);
    };
  }

  publish = (event: StoredEvent, prevPublic: number): void => {
    const sinks = this.byChannel.get(event.channelId);
    if (sinks) for (const sink of sinks) sink(event, prevPublic);
  };

  /** Channels with at least one sink; for tests and metrics. */
  get channels(): number {
    return this.byChannel.size;
  }
}
