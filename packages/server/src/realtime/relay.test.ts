import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../../test/support/accounts';
import { eventually } from '../../test/support/realtime';
import { startTestServer, type TestServer } from '../../test/support/server';
import { EventLog, type RelayWaker, type StoredEvent, stripVisibility } from './event-log';
import { Relay } from './relay';

/*
 * A relay of our own beside the server's (whose sweep is off): "this process" commits through an event log that
 * wakes it, and what another process would do is done by hand on the same database.
 */
let server: TestServer;
let channelId: string;
let relay: Relay;
let published: { seq: number; prevPublic: number; event: StoredEvent }[];
let log: EventLog;

beforeAll(async () => {
  server = await startTestServer({ RELAY_SWEEP_MS: '3600000' });
  const owner = server.client();
  await signUpVerified(owner);
  channelId = (await owner.channels.create({ slug: 'relay-paths', displayName: 'Relay paths' })).id;
  published = [];
  relay = new Relay(server.app.sql, (event, prevPublic) => published.push({ seq: event.seq, prevPublic, event }), server.app.log, {
    soleProcess: true,
  });
  log = new EventLog(server.app.sql, relay);
});
afterAll(async () => {
  await relay?.stop();
  await server?.close();
});

/** Commits one event of `visibility` through `events`, the way every feature does. */
function commit(events: EventLog, visibility: 'public' | 'staff', action: string): Promise<number> {
  return events.transaction(async (_tx, writer) => {
    await writer.lock(channelId);
    return writer.append(channelId, 'moderation.changed', { action }, visibility);
  });
}

const cursor = async () =>
  (await server.app.sql<{ publishedSeq: number }[]>`select published_seq from relay_cursors where channel_id = ${channelId}`)[0]
    ?.publishedSeq;

const readBack = async (after: number) => (await log.page(channelId, after, 100, true)).events;

describe('the relay', () => {
  it('publishes what this process committed exactly as the log reads it back, in order, and moves the cursor', async () => {
    const first = await commit(log, 'public', 'first');
    await relay.idle();
    // From here on the relay knows the cursor it moved: the commits below are published as handed over.
    const staff = await commit(log, 'staff', 'staff only');
    const last = await commit(log, 'public', 'last');
    await relay.idle();

    expect(published.map((p) => p.seq)).toEqual([first, staff, last]);
    expect(published.map((p) => stripVisibility(p.event))).toEqual(await readBack(first - 1));
    // A public audience's predecessor skips the staff event; the staff event's is the public one before it.
    expect(published.slice(1).map((p) => p.prevPublic)).toEqual([first, first]);
    expect(await cursor()).toBe(last);
  });

  it('reads the log when another process published meanwhile, and publishes nothing out of order or not at all', async () => {
    published.length = 0;
    // Committed by "this process", but another process's relay got to it first and moved the cursor.
    const handedOver: StoredEvent[] = [];
    const silent: RelayWaker = { wake: (_channel, committed = []) => handedOver.push(...committed) };
    const overtaken = await commit(new EventLog(server.app.sql, silent), 'public', 'overtaken');
    await server.app.sql`update relay_cursors set published_seq = ${overtaken} where channel_id = ${channelId}`;
    // Committed by the other process and never announced here.
    const theirs = await commit(new EventLog(server.app.sql, { wake: () => {} }), 'public', 'theirs');

    relay.wake(channelId, handedOver);
    await relay.idle();
    // The handed-over event went out again (clients keep the first of a sequence number); the cursor did not move
    // back, and the other process's event, after it, was read from the log.
    expect(published.map((p) => p.seq)).toEqual([overtaken, theirs]);
    expect(await cursor()).toBe(theirs);

    published.length = 0;
    const next = await commit(log, 'public', 'next');
    await relay.idle();
    expect(published.map((p) => p.seq)).toEqual([next]);
    expect(published[0]?.prevPublic).toBe(theirs);
    expect(await cursor()).toBe(next);
  });

  it("reads the log when another process's commits come between this process's own", async () => {
    published.length = 0;
    const before = (await cursor()) ?? 0;
    const theirs = await commit(new EventLog(server.app.sql, { wake: () => {} }), 'staff', 'theirs, unannounced');
    const ours = await commit(log, 'public', 'ours');
    await relay.idle();
    expect(published.map((p) => p.seq)).toEqual([theirs, ours]);
    expect(published.map((p) => p.prevPublic)).toEqual([before, before]);
    expect(await cursor()).toBe(ours);
  });

  it('beside other processes (Redis fan-out) reads its own commits from the log too, so none goes out twice', async () => {
    const shared: number[] = [];
    const beside = new Relay(server.app.sql, (event) => shared.push(event.seq), server.app.log, { soleProcess: false });
    try {
      const sharedLog = new EventLog(server.app.sql, beside);
      const first = await commit(sharedLog, 'public', 'beside, first');
      await beside.idle();
      // Committed by this process, but another process's relay published it first.
      const handedOver: StoredEvent[] = [];
      const overtaken = await commit(
        new EventLog(server.app.sql, { wake: (_channel, committed = []) => handedOver.push(...committed) }),
        'public',
        'overtaken',
      );
      await server.app.sql`update relay_cursors set published_seq = ${overtaken} where channel_id = ${channelId}`;
      beside.wake(channelId, handedOver);
      await beside.idle();
      const last = await commit(sharedLog, 'public', 'beside, last');
      await beside.idle();
      expect(shared).toEqual([first, last]);
      expect(await cursor()).toBe(last);
    } finally {
      await beside.stop();
    }
  });

  it('moves the cursor once for a run of its own publishes, and at the latest when it stops', async () => {
    const seen: number[] = [];
    // A save that would come after the test: what moves the cursor below is the log read and the stop.
    const lazy = new Relay(server.app.sql, (event) => seen.push(event.seq), server.app.log, { soleProcess: true, cursorSaveMs: 3_600_000 });
    const lazyLog = new EventLog(server.app.sql, lazy);
    let last = 0;
    try {
      const first = await commit(lazyLog, 'public', 'lazy, first');
      await lazy.idle();
      expect(await cursor()).toBe(first);
      const second = await commit(lazyLog, 'public', 'lazy, second');
      last = await commit(lazyLog, 'staff', 'lazy, last');
      await eventually(() => expect(seen).toEqual([first, second, last]));
      // Published at once, and the cursor still where the log read left it: one statement will cover both.
      expect(await cursor()).toBe(first);
    } finally {
      await lazy.stop();
    }
    expect(await cursor()).toBe(last);
  });

  it('after a crash publishes again what was published and not saved, and the old save does not move the cursor back', async () => {
    const before: number[] = [];
    const crashing = new Relay(server.app.sql, (event) => before.push(event.seq), server.app.log, {
      soleProcess: true,
      cursorSaveMs: 3_600_000,
    });
    const crashingLog = new EventLog(server.app.sql, crashing);
    const first = await commit(crashingLog, 'public', 'crash, first');
    await crashing.idle();
    const unsaved = [await commit(crashingLog, 'public', 'crash, second'), await commit(crashingLog, 'staff', 'crash, third')];
    await eventually(() => expect(before).toEqual([first, ...unsaved]));
    expect(await cursor()).toBe(first);

    // The process "dies" here; the one that replaces it starts from the saved cursor.
    const after: number[] = [];
    const restarted = new Relay(server.app.sql, (event) => after.push(event.seq), server.app.log, { soleProcess: true });
    try {
      await restarted.start(3_600_000);
      expect(after).toEqual(unsaved);
      expect(await cursor()).toBe(unsaved[1]);
      const fresh = await commit(new EventLog(server.app.sql, restarted), 'public', 'after the restart');
      await restarted.idle();
      expect(await cursor()).toBe(fresh);
      // The dead process's pending save, had it run late, finds the cursor moved and leaves it.
      await crashing.stop();
      expect(await cursor()).toBe(fresh);
    } finally {
      await restarted.stop();
    }
  });
});
