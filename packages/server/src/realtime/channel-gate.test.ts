import { describe, expect, it } from 'vitest';
import { ChannelGate } from './channel-gate';

/** A piece of work that runs until the test lets it finish. */
function held() {
  let finish: (value?: unknown) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { work: () => done, finish: () => finish(), fail: (error: Error) => fail(error) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('a channel gate', () => {
  it('runs at most its places of one channel at once, the rest in arrival order as places free', async () => {
    const gate = new ChannelGate(2);
    const started: number[] = [];
    const pieces = [0, 1, 2, 3, 4].map(() => held());
    const runs = pieces.map((piece, index) =>
      gate.run('busy', () => {
        started.push(index);
        return piece.work();
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.load('busy')).toEqual({ running: 2, waiting: 3 });

    pieces[1]?.finish();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    pieces[0]?.finish();
    pieces[2]?.finish();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(gate.load('busy')).toEqual({ running: 2, waiting: 0 });

    pieces[3]?.finish();
    pieces[4]?.finish();
    await Promise.all(runs);
    expect(gate.load('busy')).toEqual({ running: 0, waiting: 0 });
  });

  it('never makes another channel wait', async () => {
    const gate = new ChannelGate(1);
    const busy = held();
    const running = gate.run('busy', busy.work);
    await expect(gate.run('quiet', async () => 'served')).resolves.toBe('served');
    expect(gate.load('busy')).toEqual({ running: 1, waiting: 0 });
    busy.finish();
    await running;
  });

  it('frees the place of work that failed, and hands the failure back', async () => {
    const gate = new ChannelGate(1);
    const failing = held();
    const first = gate.run('busy', failing.work);
    const second = gate.run('busy', async () => 'next');
    await tick();
    expect(gate.load('busy')).toEqual({ running: 1, waiting: 1 });
    failing.fail(new Error('refused'));
    await expect(first).rejects.toThrow('refused');
    await expect(second).resolves.toBe('next');
    expect(gate.load('busy')).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a gate without a place', () => {
    expect(() => new ChannelGate(0)).toThrow('at least 1 place');
  });
});
