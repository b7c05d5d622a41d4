import type { ChannelConnection, RealtimeReset } from '@tipchat/sdk';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EventRetention } from '../../src/realtime/retention';
import { FEED_CLOSE_EVENTS_PRUNED } from '../../src/realtime/ws-feed';
import { signUpVerified } from '../support/accounts';
import { eventually } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';
import { range, record } from './recorder';

const DAY_MS = 24 * 3_600_000;
const WEEK_MS = 7 * DAY_MS;

let server: TestServer;
let renames = 0;

beforeAll(async () => {
  // No sweeps and no background pruning during the tests: each prune below is called with its own `now`.
  server = await startTestServer({ RELAY_SWEEP_MS: '3600000', EVENT_PRUNE_SWEEP_MS: '3600000' });
});
afterAll(() => server.close());

/** A job of the test's own; `now` is passed to every run, so nothing depends on the clock. */
const retention = (batch?: number) => new EventRetention(server.app.sql, { maxAgeMs: WEEK_MS, batch }, server.app.log);

/** A streamer's only channel: each test gets a fresh streamer. */
async function channelWithEvents(slug: string, renamesToMake: number): Promise<{ id: string; head: number; rename(): Promise<unknown> }> {
  const streamer = server.client();
  await signUpVerified(streamer);
  const { id } = await streamer.channels.create({ slug, displayName: slug });
  const rename = () => streamer.channels.update(slug, { displayName: `${slug} ${++renames}` });
  for (let i = 0; i < renamesToMake; i++) await rename();
  const head = await server.app.eventLog.head(id);
  // Published by the relay (woken by each commit) before anything is pruned.
  await eventually(async () => expect(await publishedSeq(id)).toBe(head));
  // A wake from the last commits may still be queued: left running, it would re-publish after a test moves the cursor.
  await server.app.relay.idle();
  return { id, head, rename };
}

async function publishedSeq(channelId: string): Promise<number> {
  const [row] = await server.app.sql<{ publishedSeq: number }[]>`select published_seq from relay_cursors where channel_id = ${channelId}`;
  return row?.publishedSeq ?? 0;
}

async function keptSeqs(channelId: string): Promise<number[]> {
  const rows = await server.app.sql<{ seq: number }[]>`select seq from channel_events where channel_id = ${channelId} order by seq`;
  return rows.map((row) => row.seq);
}

async function watermark(channelId: string): Promise<number> {
  const [row] = await server.app.sql<{ prunedThroughSeq: number }[]>`
    select pruned_through_seq from channel_event_retention where channel_id = ${channelId}`;
  return row?.prunedThroughSeq ?? 0;
}

/** Makes the channel's events up to `through` look `days` old. */
async function age(channelId: string, through: number, days: number): Promise<void> {
  await server.app.sql`
    update channel_events set created_at = created_at - make_interval(days => ${days})
    where channel_id = ${channelId} and seq <= ${through}`;
}

/** The standard error body of EVENTS_PRUNED for a request after `after`. */
const prunedBody = (after: number, oldestSeq: number, headSeq: number) => ({
  error: {
    code: 'EVENTS_PRUNED',
    message: `Events after ${after} are no longer kept (the log now starts at ${oldestSeq}): reload the state and continue from ${headSeq}`,
    details: { oldestSeq, headSeq },
  },
});

describe('pruning the event log', () => {
  it('deletes events older than the retention period, and none the relay has not published', async () => {
    const { id, head } = await channelWithEvents('retention-age', 8);
    expect(head).toBeGreaterThanOrEqual(8);
    await age(id, head - 2, 10);
    // The relay is behind: it has published up to head - 4 only.
    await server.app.sql`update relay_cursors set published_seq = ${head - 4} where channel_id = ${id}`;
    const job = retention();
    const now = new Date();

    expect(await job.pruneDue(now)).toBe(head - 4);
    expect(await watermark(id)).toBe(head - 4);
    expect(await keptSeqs(id)).toEqual(range(head - 3, head));

    // Published now: the old ones go, the two younger than a week stay.
    await server.app.sql`update relay_cursors set published_seq = ${head} where channel_id = ${id}`;
    expect(await job.pruneDue(now)).toBe(2);
    expect(await keptSeqs(id)).toEqual([head - 1, head]);
    expect(await watermark(id)).toBe(head - 2);
    expect(await job.pruneDue(now)).toBe(0);

    // A week and a day later everything published is old enough.
    expect(await job.pruneDue(new Date(now.getTime() + WEEK_MS + DAY_MS))).toBe(2);
    expect(await keptSeqs(id)).toEqual([]);
    expect(await watermark(id)).toBe(head);
  });

  it('prunes in bounded batches, and two jobs at once (two processes) delete each event once', async () => {
    const { id, head } = await channelWithEvents('retention-batches', 9);
    const later = new Date(Date.now() + 2 * WEEK_MS);
    const [a, b] = await Promise.all([retention(2).pruneDue(later), retention(2).pruneDue(later)]);
    // Other channels' old events go too; this channel's are all gone, once.
    expect(await keptSeqs(id)).toEqual([]);
    expect(await watermark(id)).toBe(head);
    expect(a + b).toBeGreaterThanOrEqual(head);
  });

  it('keeps a first event that is not old enough, and with it everything after it', async () => {
    const { id, head } = await channelWithEvents('retention-prefix', 4);
    // An old event behind a young one: the log is pruned from the start only.
    await server.app.sql`update channel_events set created_at = now() - interval '30 days' where channel_id = ${id} and seq > 1`;
    expect(await retention().pruneDue(new Date())).toBe(0);
    expect(await keptSeqs(id)).toEqual(range(1, head));
  });
});

describe('asking for pruned events', () => {
  const slug = 'retention-410';
  let channel: Awaited<ReturnType<typeof channelWithEvents>>;
  let pruned: number;

  beforeAll(async () => {
    channel = await channelWithEvents(slug, 6);
    pruned = channel.head - 3;
    await age(channel.id, pruned, 30);
    await retention().pruneDue(new Date());
    expect(await watermark(channel.id)).toBe(pruned);
  });

  it('the events API answers 410 EVENTS_PRUNED below the watermark, and pages as before from it', async () => {
    const below = await fetch(`${server.url}/api/v1/channels/${slug}/events?after=${pruned - 1}`);
    expect(below.status).toBe(410);
    expect(await below.json()).toEqual(prunedBody(pruned - 1, pruned + 1, channel.head));

    const zero = await fetch(`${server.url}/api/v1/channels/${slug}/events?after=0`);
    expect(zero.status).toBe(410);
    expect(await zero.json()).toEqual(prunedBody(0, pruned + 1, channel.head));

    const from = await fetch(`${server.url}/api/v1/channels/${slug}/events?after=${pruned}`);
    expect(from.status).toBe(200);
    const page = (await from.json()) as { events: { seq: number }[]; lastSeq: number };
    expect(page.events.map((e) => e.seq)).toEqual(range(pruned + 1, channel.head));
    expect(page.lastSeq).toBe(channel.head);
  });

  it('the WebSocket feed sends one error frame and closes with 4410', async () => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v1/channels/${slug}/feed?after=${pruned - 2}`);
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    const [code, reason] = await new Promise<[number, string]>((resolve, reject) => {
      ws.once('close', (closeCode, closeReason) => resolve([closeCode, String(closeReason)]));
      ws.once('error', reject);
    });
    expect(code).toBe(FEED_CLOSE_EVENTS_PRUNED);
    expect(code).toBe(4410);
    expect(reason).toBe('events pruned: reload');
    expect(frames).toEqual([prunedBody(pruned - 2, pruned + 1, channel.head)]);

    // From the watermark on, the feed replays what is kept.
    const ok = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v1/channels/${slug}/feed?after=${pruned}`);
    const seqs: number[] = [];
    ok.on('message', (data) => seqs.push((JSON.parse(String(data)) as { seq: number }).seq));
    await eventually(() => expect(seqs).toEqual(range(pruned + 1, channel.head)));
    ok.close();
  });

  it('socket.io refuses a handshake resuming below the watermark with the same error', async () => {
    const handshake = (auth: Record<string, unknown>) => {
      const socket = io(server.url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
      return new Promise<{ connected: boolean; data?: unknown }>((resolve) => {
        socket.once('ready', () => {
          socket.close();
          resolve({ connected: true });
        });
        socket.once('connect_error', (error) => {
          socket.close();
          resolve({ connected: false, data: (error as Error & { data?: unknown }).data });
        });
      });
    };
    expect(await handshake({ channel: slug, after: pruned - 1 })).toEqual({
      connected: false,
      data: prunedBody(pruned - 1, pruned + 1, channel.head).error,
    });
    expect(await handshake({ channel: slug, after: pruned })).toEqual({ connected: true });
    expect(await handshake({ channel: slug })).toEqual({ connected: true });
    expect(await handshake({ channel: slug, after: -1 })).toMatchObject({ connected: false, data: { code: 'VALIDATION_FAILED' } });
  });

  it('the SDK tells the application to reload, then goes on from the head', async () => {
    const live: ChannelConnection = server.client().realtime(slug, { after: pruned - 1 });
    const got = record(live);
    const resets: RealtimeReset[] = [];
    live.onReset((reset) => resets.push(reset));
    try {
      const ready = await live.connect();
      expect(ready.lastSeq).toBe(channel.head);
      expect(resets).toEqual([{ code: 'EVENTS_PRUNED', lastSeq: pruned - 1, oldestSeq: pruned + 1, headSeq: channel.head }]);
      // Nothing from before the head: the application reloads that state through REST.
      expect(got.seqs()).toEqual([]);
      expect(live.lastSeq).toBe(channel.head);

      // A new event on the channel arrives live, right after the head.
      await channel.rename();
      await eventually(() => expect(got.seqs()).toEqual([channel.head + 1]));
      expect(got.states).toEqual(['connecting', 'connected']);
    } finally {
      live.close();
    }
  });
});
