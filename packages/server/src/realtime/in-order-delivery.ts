import type { EventSink } from './broadcast';
import type { StoredEvent } from './event-log';

/** How long a channel's next event is waited for before what came after it goes out without it. */
const GAP_WAIT_MS = 500;
/** Channels remembered at most; the oldest without held events are forgotten first (their next event starts afresh). */
const MAX_CHANNELS = 50_000;

export interface InOrderOptions {
  gapWaitMs?: number;
  maxChannels?: number;
  /**
   * Told when a wait is given up: how many numbers of the channel were passed over (lost publishes). Each client
   * fetches them from the log by `prev`; more than a few a day means publishes are being lost between processes.
   */
  onSkipped?: (channelId: string, missing: number) => void;
}

interface ChannelOrder {
  channelId: string;
  /** The last sequence number handed on. */
  last: number;
  /** Events that arrived ahead of `last + 1`, by sequence, with their `prevPublic`. */
  held: Map<number, [StoredEvent, number]>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Hands each channel's events to this process's clients in sequence order, each once. With
 * several processes an event reaches a process two ways: the process whose relay published it
 * has it at once, every other one a moment later through Redis. So a process could hand its
 * clients 8 (its own) before 7 (another's, still in flight). Here an event ahead of the next
 * number waits, for at most GAP_WAIT_MS, for the numbers before it; a number that never comes (a
 * publish lost while Redis was away) is given up on, and clients fill that hole from the event log
 * by `prev`, as after any gap. A number at or below the last one handed on is a repeat (the relay
 * publishes at least once) and is dropped.
 */
export class InOrderDelivery {
  private readonly channels = new Map<string, ChannelOrder>();
  private readonly gapWaitMs: number;
  private readonly maxChannels: number;

  constructor(
    private readonly deliver: EventSink,
    private readonly options: InOrderOptions = {},
  ) {
    this.gapWaitMs = options.gapWaitMs ?? GAP_WAIT_MS;
    this.maxChannels = options.maxChannels ?? MAX_CHANNELS;
  }

  offer = (event: StoredEvent, prevPublic: number): void => {
    const order = this.channels.get(event.channelId);
    if (!order) {
      // The first event this process sees of the channel: nothing to order it against.
      this.remember({ channelId: event.channelId, last: event.seq, held: new Map(), timer: undefined });
      this.deliver(event, prevPublic);
      return;
    }
    if (event.seq <= order.last || order.held.has(event.seq)) return;
    if (event.seq !== order.last + 1) {
      order.held.set(event.seq, [event, prevPublic]);
      order.timer ??= setTimeout(() => this.giveUpWaiting(order), this.gapWaitMs);
      return;
    }
    this.deliver(event, prevPublic);
    order.last = event.seq;
    this.deliverHeldInTurn(order);
  };

  /** Stops the waits (at shutdown): what is held is not handed on, as the connections are closing. */
  close(): void {
    for (const order of this.channels.values()) clearTimeout(order.timer);
    this.channels.clear();
  }

  private deliverHeldInTurn(order: ChannelOrder): void {
    for (let next = order.held.get(order.last + 1); next; next = order.held.get(order.last + 1)) {
      order.held.delete(order.last + 1);
      order.last += 1;
      this.deliver(...next);
    }
    if (order.held.size > 0) return;
    clearTimeout(order.timer);
    order.timer = undefined;
  }

  private giveUpWaiting(order: ChannelOrder): void {
    order.timer = undefined;
    const waiting = [...order.held.keys()].sort((a, b) => a - b);
    let missing = 0;
    for (const seq of waiting) {
      const held = order.held.get(seq);
      order.held.delete(seq);
      missing += seq - order.last - 1;
      order.last = seq;
      if (held) this.deliver(...held);
    }
    if (missing > 0) this.options.onSkipped?.(order.channelId, missing);
  }

  private remember(order: ChannelOrder): void {
    if (this.channels.size >= this.maxChannels) {
      for (const [id, known] of this.channels) {
        if (known.held.size > 0) continue;
        this.channels.delete(id);
        break;
      }
    }
    this.channels.set(order.channelId, order);
  }
}
