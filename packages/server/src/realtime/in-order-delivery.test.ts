import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from './event-log';
import { InOrderDelivery } from './in-order-delivery';

const event = (channelId: string, seq: number): StoredEvent =>
  ({ channelId, seq, type: 'channel.updated', data: {}, at: new Date(0).toISOString(), visibility: 'public' }) as StoredEvent;

/** An InOrderDelivery whose handed-on events are recorded as [channel, seq, prevPublic]. */
function delivery(options = { gapWaitMs: 500, maxChannels: 100 }) {
  const handed: [string, number, number][] = [];
  const skipped: [string, number][] = [];
  const inOrder = new InOrderDelivery((e, prev) => handed.push([e.channelId, e.seq, prev]), {
    ...options,
    onSkipped: (channelId, missing) => skipped.push([channelId, missing]),
  });
  return {
    handed,
    skipped,
    offer: (channelId: string, seq: number, prev = seq - 1) => inOrder.offer(event(channelId, seq), prev),
    inOrder,
  };
}

describe('InOrderDelivery', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds an event that arrives ahead of its predecessor and hands both on in order', () => {
    const { handed, offer } = delivery();
    offer('a', 6);
    offer('a', 8, 7); // its own process's, at once
    expect(handed).toEqual([['a', 6, 5]]);
    offer('a', 7, 6); // another process's, through Redis, a moment later
    offer('a', 9, 8);
    expect(handed).toEqual([
      ['a', 6, 5],
      ['a', 7, 6],
      ['a', 8, 7],
      ['a', 9, 8],
    ]);
  });

  it('drops a repeat of an event already handed on or already held', () => {
    const { handed, offer } = delivery();
    offer('a', 1);
    offer('a', 1);
    offer('a', 3);
    offer('a', 3);
    offer('a', 2);
    offer('a', 2);
    expect(handed.map(([, seq]) => seq)).toEqual([1, 2, 3]);
  });

  it('orders each channel on its own: a gap in one holds nothing of another', () => {
    const { handed, offer } = delivery();
    offer('a', 1);
    offer('b', 10);
    offer('a', 3);
    offer('b', 11);
    expect(handed).toEqual([
      ['a', 1, 0],
      ['b', 10, 9],
      ['b', 11, 10],
    ]);
  });

  it('gives up on a number that never comes: what was held goes out in order when the wait is over', () => {
    vi.useFakeTimers();
    const { handed, offer } = delivery({ gapWaitMs: 500, maxChannels: 100 });
    offer('a', 1);
    offer('a', 4, 3);
    offer('a', 3, 2);
    vi.advanceTimersByTime(499);
    expect(handed.map(([, seq]) => seq)).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(handed).toEqual([
      ['a', 1, 0],
      ['a', 3, 2],
      ['a', 4, 3],
    ]);
    // The lost one turning up late is a repeat by then: clients fetched it from the log by `prev`.
    offer('a', 2, 1);
    offer('a', 5, 4);
    expect(handed.map(([, seq]) => seq)).toEqual([1, 3, 4, 5]);
  });

  it('tells how many numbers it passed over when it gives up, and nothing when the gap fills in time', () => {
    vi.useFakeTimers();
    const { skipped, offer } = delivery({ gapWaitMs: 500, maxChannels: 100 });
    offer('a', 1);
    offer('a', 3);
    offer('a', 2); // in time
    offer('b', 10);
    offer('b', 12);
    offer('b', 15); // 11, 13 and 14 never come
    vi.advanceTimersByTime(500);
    expect(skipped).toEqual([['b', 3]]);
  });

  it('stops waiting once the gap is filled, so a later gap gets its own full wait', () => {
    vi.useFakeTimers();
    const { handed, offer } = delivery({ gapWaitMs: 500, maxChannels: 100 });
    offer('a', 1);
    offer('a', 3);
    vi.advanceTimersByTime(400);
    offer('a', 2);
    offer('a', 5);
    vi.advanceTimersByTime(400);
    expect(handed.map(([, seq]) => seq)).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(100);
    expect(handed.map(([, seq]) => seq)).toEqual([1, 2, 3, 5]);
  });

  it('forgets the oldest channel with nothing held when it knows too many, and starts that one afresh', () => {
    const { handed, offer } = delivery({ gapWaitMs: 500, maxChannels: 2 });
    offer('a', 1);
    offer('b', 1);
    offer('b', 3); // held: b is not forgotten while it waits
    offer('c', 1); // a is forgotten
    offer('a', 7);
    expect(handed).toEqual([
      ['a', 1, 0],
      ['b', 1, 0],
      ['c', 1, 0],
      ['a', 7, 6],
    ]);
  });

  it('hands nothing on after close, and leaves no wait running', () => {
    vi.useFakeTimers();
    const { handed, offer, inOrder } = delivery();
    offer('a', 1);
    offer('a', 3);
    inOrder.close();
    vi.advanceTimersByTime(1_000);
    expect(handed.map(([, seq]) => seq)).toEqual([1]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
