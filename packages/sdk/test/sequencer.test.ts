import { describe, expect, it } from 'vitest';
import { type ChannelEvent, type EventPage, errorFromResponse, type RealtimeReset } from '../src/index';
import { EventSequencer } from '../src/realtime/sequencer';

const CHANNEL = '00000000-0000-4000-8000-000000000001';

function event(seq: number, prev?: number): ChannelEvent {
  return {
    channelId: CHANNEL,
    seq,
    type: 'chat.message_deleted',
    data: { messageId: `m${seq}` },
    at: '2025-01-01T00:00:00.000Z',
    ...(prev === undefined ? {} : { prev }),
  };
}

/**
 * A channel log the way the events API serves it: `visible` sequences (others are staff-only),
 * pages bounded by the head, and fetches that can be held open to let pushes race them.
 */
function harness(options: { head: number; visible?: (seq: number) => boolean; pageSize?: number; after?: number }) {
  let head = options.head;
  const visible = options.visible ?? (() => true);
  const pageSize = options.pageSize ?? 3;
  const delivered: number[] = [];
  const fetches: number[] = [];
  /** What the delivery saw, in order: sequences, and `reset` where the sequencer jumped. */
  const stream: (number | string)[] = [];
  const resets: RealtimeReset[] = [];
  let prunedThrough = 0;
  let hold: Promise<void> | undefined;
  let failures = 0;
  const sequencer = new EventSequencer(
    {
      pageSize,
      async fetchPage(after, limit): Promise<EventPage> {
        fetches.push(after);
        if (hold) await hold;
        if (failures > 0) {
          failures--;
          throw new Error('server unavailable');
        }
        if (after < prunedThrough) {
          // What the SDK's HTTP client makes of the server's 410.
          throw errorFromResponse(410, {
            error: { code: 'EVENTS_PRUNED', message: 'pruned', details: { oldestSeq: prunedThrough + 1, headSeq: head } },
          });
        }
        const events: ChannelEvent[] = [];
        for (let seq = after + 1; seq <= head && events.length < limit; seq++) if (visible(seq)) events.push(event(seq));
        return { events, lastSeq: events.length === limit ? (events.at(-1)?.seq ?? head) : head };
      },
      deliver: (e) => {
        expect(e).not.toHaveProperty('prev');
        delivered.push(e.seq);
        stream.push(e.seq);
      },
      retryDelay: (_error, attempt) => (attempt <= 3 ? 0 : null),
      reset: (reset) => {
        resets.push(reset);
        stream.push('reset');
      },
    },
    options.after,
  );
  return {
    sequencer,
    delivered,
    fetches,
    stream,
    resets,
    /** The server prunes its log up to `through`. */
    prune(through: number) {
      prunedThrough = through;
    },
    /** The log grows on the server (events committed). */
    grow(to: number) {
      head = to;
    },
    /** Fetches wait until the returned function is called. */
    holdFetches(): () => void {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
    failNextFetches(count: number) {
      failures = count;
    },
    /** Lets every queued step run. */
    settle: () => sequencer.sync(-1),
  };
}

describe('EventSequencer', () => {
  it('starts at the head the first handshake reports and ignores pushes from before it', async () => {
    const h = harness({ head: 10 });
    h.sequencer.push(event(9, 8));
    h.sequencer.push(event(10, 9));
    h.sequencer.push(event(11, 10));
    await h.sequencer.sync(10);
    await h.settle();
    expect(h.delivered).toEqual([11]);
    expect(h.fetches).toEqual([]);
    expect(h.sequencer.lastSeq).toBe(11);
  });

  it('delivers a repeated or older event only once', async () => {
    const h = harness({ head: 0 });
    await h.sequencer.sync(0);
    for (const seq of [1, 2, 2, 1, 3, 3]) h.sequencer.push(event(seq, seq - 1));
    await h.settle();
    expect(h.delivered).toEqual([1, 2, 3]);
  });

  it('fills a gap from the log, page by page, before the event that revealed it', async () => {
    const h = harness({ head: 0, pageSize: 3 });
    await h.sequencer.sync(0);
    h.grow(8);
    h.sequencer.push(event(8, 7));
    await h.settle();
    expect(h.delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(h.fetches).toEqual([0, 3, 6]);
  });

  it('holds live events that arrive during a gap fetch and drops the ones the fetch already delivered', async () => {
    const h = harness({ head: 2, pageSize: 10 });
    await h.sequencer.sync(2);
    h.grow(6);
    const release = h.holdFetches();
    h.sequencer.push(event(5, 4));
    h.sequencer.push(event(6, 5));
    h.grow(7);
    h.sequencer.push(event(7, 6));
    release();
    await h.settle();
    expect(h.delivered).toEqual([3, 4, 5, 6, 7]);
    expect(h.fetches).toEqual([2]);
  });

  it('catches up to the head a reconnect reports, then goes on with live events', async () => {
    const h = harness({ head: 3, pageSize: 2 });
    await h.sequencer.sync(3);
    h.sequencer.push(event(4, 3));
    h.grow(9);
    // Reconnected: a live event can beat the handshake's head to us.
    h.sequencer.push(event(10, 9));
    await h.sequencer.sync(9);
    h.grow(10);
    h.sequencer.push(event(11, 10));
    await h.settle();
    expect(h.delivered).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('does not mistake staff-only events it cannot see for a gap', async () => {
    const isPublic = (seq: number) => seq % 2 === 1;
    const h = harness({ head: 1, visible: isPublic });
    await h.sequencer.sync(1);
    h.sequencer.push(event(3, 1));
    h.sequencer.push(event(5, 3));
    await h.settle();
    expect(h.delivered).toEqual([3, 5]);
    expect(h.fetches).toEqual([]);
    // After a reconnect the log's invisible events count as seen.
    h.grow(10);
    await h.sequencer.sync(10);
    expect(h.delivered).toEqual([3, 5, 7, 9]);
    expect(h.sequencer.lastSeq).toBe(10);
  });

  it('replays from a given sequence when told where to start', async () => {
    const h = harness({ head: 5, after: 2 });
    h.sequencer.push(event(6, 5));
    h.grow(6);
    await h.sequencer.sync(6);
    expect(h.delivered).toEqual([3, 4, 5, 6]);
  });

  it('retries a failed gap fetch and delivers nothing past a gap it could not fill', async () => {
    const h = harness({ head: 0 });
    await h.sequencer.sync(0);
    h.grow(2);
    h.failNextFetches(2);
    h.sequencer.push(event(2, 1));
    await h.settle();
    expect(h.delivered).toEqual([1, 2]);

    h.grow(5);
    h.failNextFetches(4);
    h.sequencer.push(event(5, 4));
    await h.settle();
    expect(h.delivered).toEqual([1, 2]);
    expect(h.sequencer.lastSeq).toBe(2);

    await h.sequencer.sync(5);
    expect(h.delivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('delivers nothing while paused and resumes from the last delivered sequence', async () => {
    const h = harness({ head: 0 });
    await h.sequencer.sync(0);
    h.sequencer.push(event(1, 0));
    await h.settle();
    h.sequencer.pause();
    h.grow(3);
    h.sequencer.push(event(2, 1));
    h.sequencer.push(event(3, 2));
    await h.settle();
    expect(h.delivered).toEqual([1]);
    expect(h.sequencer.lastSeq).toBe(1);
    h.sequencer.resume();
    await h.sequencer.sync(3);
    expect(h.delivered).toEqual([1, 2, 3]);
  });

  it('on pruned events, tells the application to reload and goes on from the head instead of retrying', async () => {
    const h = harness({ head: 4, pageSize: 3 });
    await h.sequencer.sync(4);
    // Away for long: the log moved to 20 and everything up to 12 was pruned.
    h.grow(20);
    h.prune(12);
    h.sequencer.push(event(21, 20));
    h.grow(21);
    await h.settle();
    expect(h.resets).toEqual([{ code: 'EVENTS_PRUNED', lastSeq: 4, oldestSeq: 13, headSeq: 21 }]);
    // The reset comes before anything after the head; nothing from the gap is delivered, and the pruned fetch is not retried.
    expect(h.stream).toEqual(['reset']);
    expect(h.fetches).toEqual([4, 21]);
    expect(h.sequencer.lastSeq).toBe(21);

    h.grow(22);
    h.sequencer.push(event(22, 21));
    await h.settle();
    expect(h.stream).toEqual(['reset', 22]);
  });

  it('delivers what it has before the reset, and events after the head the server reported after it', async () => {
    const h = harness({ head: 2, pageSize: 10 });
    await h.sequencer.sync(2);
    h.sequencer.push(event(3, 2));
    h.grow(9);
    h.prune(6);
    await h.sequencer.sync(9);
    // Committed after the 410 answered, before the connection went on: fetched after the head.
    expect(h.stream).toEqual([3, 'reset']);
    expect(h.resets[0]).toMatchObject({ lastSeq: 3, oldestSeq: 7, headSeq: 9 });
    h.grow(11);
    await h.sequencer.sync(11);
    expect(h.stream).toEqual([3, 'reset', 10, 11]);
  });

  it('skips once when told by a refused handshake, and not again for the same answer', async () => {
    const h = harness({ head: 5, after: 1 });
    h.prune(3);
    expect(await h.sequencer.skip({ oldestSeq: 4, headSeq: 5 })).toBe(true);
    expect(await h.sequencer.skip({ oldestSeq: 4, headSeq: 5 })).toBe(false);
    expect(h.resets).toEqual([{ code: 'EVENTS_PRUNED', lastSeq: 1, oldestSeq: 4, headSeq: 5 }]);
    h.grow(6);
    await h.sequencer.sync(6);
    expect(h.stream).toEqual(['reset', 6]);
  });
});
