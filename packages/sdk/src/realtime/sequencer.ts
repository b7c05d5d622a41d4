import type { ChannelEvent, EventPage, EventsPrunedDetails } from '../protocol/events';
import type { RealtimeReset } from './types';

export interface SequencerOptions {
  /** One page of the log after `after` (the events API), with the connection's credential. */
  fetchPage(after: number, limit: number): Promise<EventPage>;
  /** Hands an event to the application; called with strictly increasing sequences. */
  deliver(event: ChannelEvent): void;
  pageSize: number;
  /** A page fetch failed: how many milliseconds to wait before trying again, or null to give up. */
  retryDelay(error: unknown, attempt: number): number | null;
  /**
   * The log no longer holds events after `lastSeq` (EVENTS_PRUNED): the sequencer moved on to
   * `headSeq`, and the application must rebuild what it keeps from events. Called in order:
   * after every event before the jump, before any event after it.
   */
  reset(reset: RealtimeReset): void;
}

/** The details of an EVENTS_PRUNED error (from the events API or a refused handshake), or undefined for any other error. */
export function prunedDetails(error: unknown): EventsPrunedDetails | undefined {
  const { code, details } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; details?: unknown };
  if (code !== 'EVENTS_PRUNED' || typeof details !== 'object' || details === null) return undefined;
  const { oldestSeq, headSeq } = details as Record<string, unknown>;
  return typeof oldestSeq === 'number' && typeof headSeq === 'number' ? { oldestSeq, headSeq } : undefined;
}

/**
 * Turns live pushes and reconnects into one stream of events, each exactly once and in sequence
 * order. Every step runs on one queue, so a push that lands while a gap is being fetched waits
 * for the gap and is then dropped or delivered by its sequence.
 */
export class EventSequencer {
  private seq: number | undefined;
  private chain: Promise<void>;
  private openGate: (() => void) | undefined;
  private running = true;

  /** Starts after `after`, or — when it is undefined — at the head the first `sync` reports. */
  constructor(
    private readonly options: SequencerOptions,
    after: number | undefined,
  ) {
    this.seq = after;
    // Without a starting point, pushes that beat the first `sync` wait for it.
    this.chain = after === undefined ? new Promise((resolve) => (this.openGate = resolve)) : Promise.resolve();
  }

  /** The newest sequence delivered or known to be invisible to this connection. */
  get lastSeq(): number | undefined {
    return this.seq;
  }

  /** Stops delivering. Steps still queued do nothing, so `lastSeq` stays at what was delivered. */
  pause(): void {
    this.running = false;
  }

  resume(): void {
    this.running = true;
  }

  /** A live event; its `prev` tells whether something came before it that we do not have. */
  push(event: ChannelEvent): void {
    void this.enqueue(async () => {
      if (this.seq === undefined || event.seq <= this.seq) return;
      // Something this connection may see came before this event and never reached us.
      // If the gap could not be filled, delivering this event would skip the gap: leave it to the next sync.
      if ((event.prev ?? event.seq - 1) > this.seq && !(await this.catchUp())) return;
      if (this.running && event.seq > this.seq) this.emit(event);
    });
  }

  /**
   * The server's head when a socket (re)connected: fetches what happened while we were away.
   * Resolves once everything up to `head` has been delivered.
   */
  sync(head: number): Promise<void> {
    if (this.seq === undefined) {
      this.seq = head;
      this.openGate?.();
    }
    return this.enqueue(async () => {
      if (this.seq !== undefined && head > this.seq) await this.catchUp();
    });
  }

  /**
   * The server said the events after `lastSeq` are pruned: continue from its head and tell the
   * application to reload. Resolves with false when there was nothing to skip (already past them).
   */
  skip(pruned: EventsPrunedDetails): Promise<boolean> {
    let moved = false;
    return this.enqueue(async () => {
      moved = this.jump(pruned);
    }).then(() => moved);
  }

  private jump(pruned: EventsPrunedDetails): boolean {
    const from = this.seq;
    if (from === undefined || from >= pruned.oldestSeq - 1) return false;
    this.seq = Math.max(from, pruned.headSeq);
    this.options.reset({ code: 'EVENTS_PRUNED', lastSeq: from, oldestSeq: pruned.oldestSeq, headSeq: this.seq });
    return true;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(() => (this.running ? step() : undefined));
    // A failed step must not wedge the queue; the connection hears about failures through retryDelay.
    this.chain = run.catch(() => {});
    return run;
  }

  /** Fetches and delivers everything after `lastSeq` up to the log's head; false if it gave up. */
  private async catchUp(): Promise<boolean> {
    for (;;) {
      const page = await this.fetchPage(this.seq as number);
      if (!page || !this.running) return false;
      // Pruned: nothing to deliver up to the head; go on from there.
      if ('oldestSeq' in page) {
        if (!this.jump(page)) return false;
        continue;
      }
      for (const event of page.events) if (this.running && event.seq > (this.seq as number)) this.emit(event);
      if (!this.running) return false;
      this.seq = Math.max(this.seq as number, page.lastSeq);
      if (page.events.length < this.options.pageSize) return true;
    }
  }

  private async fetchPage(after: number): Promise<EventPage | EventsPrunedDetails | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.options.fetchPage(after, this.options.pageSize);
      } catch (error) {
        // Asking again will not bring pruned events back.
        const pruned = prunedDetails(error);
        if (pruned) return pruned;
        const delay = this.options.retryDelay(error, attempt);
        if (delay === null || !this.running) return null;
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (!this.running) return null;
      }
    }
  }

  private emit(event: ChannelEvent): void {
    // `prev` describes the push, not the event: handlers get the same object however it arrived.
    const { prev: _prev, ...plain } = event;
    this.seq = event.seq;
    this.options.deliver(plain as ChannelEvent);
  }
}
