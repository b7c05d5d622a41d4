import { describe, expect, it } from 'vitest';
import { ChannelSinks } from './channel-sinks';
import type { StoredEvent } from './event-log';

const event = (channelId: string, seq: number): StoredEvent =>
  ({ channelId, seq, type: 'channel.updated', data: {}, at: new Date(0).toISOString(), visibility: 'public' }) as StoredEvent;

/** A sink that records the sequences it was handed, with their `prevPublic`. */
function recorder() {
  const calls: [string, number, number][] = [];
  return { calls, sink: (e: StoredEvent, prev: number) => calls.push([e.channelId, e.seq, prev]) };
}

describe('ChannelSinks', () => {
  it("hands an event to its own channel's sinks only, never another channel's", () => {
    const sinks = new ChannelSinks();
    const a1 = recorder();
    const a2 = recorder();
    const b = recorder();
    sinks.add('channel-a', a1.sink);
    sinks.add('channel-a', a2.sink);
    sinks.add('channel-b', b.sink);

    sinks.publish(event('channel-a', 7), 6);
    sinks.publish(event('channel-a', 8), 6);

    expect(a1.calls).toEqual([
      ['channel-a', 7, 6],
      ['channel-a', 8, 6],
    ]);
    expect(a2.calls).toEqual(a1.calls);
    expect(b.calls).toEqual([]);

    sinks.publish(event('channel-b', 3), 2);
    expect(b.calls).toEqual([['channel-b', 3, 2]]);
    expect(a1.calls).toHaveLength(2);
  });

  it('stops handing events to a removed sink and forgets a channel left without sinks', () => {
    const sinks = new ChannelSinks();
    const first = recorder();
    const second = recorder();
    const removeFirst = sinks.add('channel-a', first.sink);
    const removeSecond = sinks.add('channel-a', second.sink);

    removeFirst();
    sinks.publish(event('channel-a', 1), 0);
    expect(first.calls).toEqual([]);
    expect(second.calls).toEqual([['channel-a', 1, 0]]);
    expect(sinks.channels).toBe(1);

    removeSecond();
    // A second call (a socket closing twice) changes nothing.
    removeSecond();
    expect(sinks.channels).toBe(0);
    sinks.publish(event('channel-a', 2), 1);
    expect(second.calls).toHaveLength(1);
  });

  it('does nothing for an event of a channel nobody follows', () => {
    const sinks = new ChannelSinks();
    const a = recorder();
    sinks.add('channel-a', a.sink);
    sinks.publish(event('channel-z', 1), 0);
    expect(a.calls).toEqual([]);
    expect(sinks.channels).toBe(1);
  });
});
