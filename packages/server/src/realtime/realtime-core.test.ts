import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../../test/support/accounts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../../test/support/database';
import { connectFeed, connectSocket, eventually, feedRefusal, handshakeError } from '../../test/support/realtime';
import { startTestServer, type TestServer } from '../../test/support/server';
import type { Sql } from '../db/connection';
import { TransactionEvents } from './event-log';
import { staffRoom } from './socket-gateway';

let server: TestServer;
let owner: TipchatClient;
let ownerToken: string;
let channelId: string;
let seq = 0;
const SLUG = 'realtime-core';

beforeAll(async () => {
  server = await startTestServer({ RELAY_SWEEP_MS: '100' });
  owner = server.client();
  const { session } = await signUpVerified(owner);
  ownerToken = session.accessToken;
  channelId = (await owner.channels.create({ slug: SLUG, displayName: 'Realtime' })).id;
});
afterAll(() => server.close());

const rename = () => owner.channels.update(SLUG, { displayName: `Realtime ${++seq}` });

async function rotateOverlayKey(): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/channels/${SLUG}/overlay-key`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ownerToken}` },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

describe('socket.io gateway', () => {
  it('delivers every public event to connected sockets, in sequence order, once', async () => {
    const a = await connectSocket(server.url, SLUG);
    const b = await connectSocket(server.url, SLUG);
    const start = a.ready.lastSeq;
    await rename();
    const stream = await owner.streams.start(SLUG, { title: 'Live now' });
    await owner.streams.end(stream.id);
    await rename();

    const expected = [start + 1, start + 2, start + 3, start + 4];
    await eventually(() => expect(a.events.map((e) => e.seq)).toEqual(expected));
    await eventually(() => expect(b.events.map((e) => e.seq)).toEqual(expected));
    expect(a.events.map((e) => e.type)).toEqual(['channel.updated', 'stream.started', 'stream.ended', 'channel.updated']);
    expect(a.events[1]?.data).toMatchObject({ id: stream.id, title: 'Live now' });
    expect(a.events.map((e) => e.prev)).toEqual([start, start + 1, start + 2, start + 3]);
    a.close();
    b.close();
  });

  it('sends staff events only to staff, with `prev` letting public clients see there is no gap', async () => {
    const anonymous = await connectSocket(server.url, SLUG);
    const streamer = await connectSocket(server.url, SLUG, ownerToken);
    expect(anonymous.ready.role).toBe('anonymous');
    expect(streamer.ready.role).toBe('streamer');
    const before = anonymous.ready.lastSeq;

    await server.app.eventLog.transaction(async (_tx, events) => {
      await events.lock(channelId);
      return events.append(channelId, 'moderation.changed', { action: 'test' }, 'staff');
    });
    await rename();

    await eventually(() => expect(streamer.events.map((e) => e.type)).toEqual(['moderation.changed', 'channel.updated']));
    await eventually(() => expect(anonymous.events.map((e) => e.type)).toEqual(['channel.updated']));
    // The public event's predecessor is the last public one, not the hidden staff event;
    // staff see everything, so theirs is always the sequence right before.
    expect(anonymous.events[0]).toMatchObject({ seq: before + 2, prev: before });
    expect(streamer.events.map((e) => e.prev)).toEqual([before, before + 1]);
    anonymous.close();
    streamer.close();
  });

  it('refuses handshakes for unknown channels, forged tokens and missing channels with our error codes', async () => {
    expect((await handshakeError(server.url, 'no-such-channel')).data?.code).toBe('NOT_FOUND');
    expect((await handshakeError(server.url, SLUG, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged')).data?.code).toBe('TOKEN_INVALID');
    expect((await handshakeError(server.url, SLUG, 'tcg_not-a-real-guest')).data?.code).toBe('TOKEN_INVALID');
    expect((await handshakeError(server.url, '')).data?.code).toBe('VALIDATION_FAILED');
  });

  it('admits an overlay with its key, and not with a rotated one', async () => {
    const first = await rotateOverlayKey();
    const overlay = await connectSocket(server.url, SLUG, first);
    expect(overlay.ready.role).toBe('overlay');
    overlay.close();
    await rotateOverlayKey();
    expect((await handshakeError(server.url, SLUG, first)).data?.code).toBe('TOKEN_INVALID');
  });
});

describe('a change and its events', () => {
  it('commit together or not at all: when the events cannot be written, the change is rolled back and the caller hears of it', async () => {
    const head = await server.app.eventLog.head(channelId);
    const before = (await owner.channels.get(SLUG)).description;
    // A row squatting on the next sequence number makes the batch's write fail, after the change itself was written.
    await server.app
      .sql`insert into channel_events (channel_id, seq, type, visibility, data) values (${channelId}, ${head + 1}, 'moderation.changed', 'staff', '{}')`;
    try {
      const attempt = server.app.eventLog.transaction(async (tx, events) => {
        await events.lock(channelId);
        await tx`update channels set description = 'should not stay' where id = ${channelId}`;
        await events.append(channelId, 'moderation.changed', { action: 'doomed' }, 'staff');
      });
      await expect(attempt).rejects.toMatchObject({ code: '23505' });
      expect((await owner.channels.get(SLUG)).description).toBe(before);
      expect(await server.app.eventLog.head(channelId)).toBe(head);
    } finally {
      await server.app.sql`delete from channel_events where channel_id = ${channelId} and seq = ${head + 1}`;
    }
  });
});

describe('events after a sequence (the gap API and polling fallback)', () => {
  it('returns public events to anyone and staff events only to staff', async () => {
    await server.app.eventLog.transaction(async (_tx, events) => {
      await events.lock(channelId);
      return events.append(channelId, 'moderation.changed', { action: 'hidden' }, 'staff');
    });
    const head = await server.app.eventLog.head(channelId);
    const anonymous = (await (await fetch(`${server.url}/api/v1/channels/${SLUG}/events?after=0`)).json()) as {
      events: { seq: number; type: string }[];
      lastSeq: number;
    };
    const staff = (await (
      await fetch(`${server.url}/api/v1/channels/${SLUG}/events?after=0`, { headers: { authorization: `Bearer ${ownerToken}` } })
    ).json()) as { events: { seq: number; type: string }[]; lastSeq: number };
    expect(anonymous.lastSeq).toBe(head);
    expect(anonymous.events.some((e) => e.type === 'moderation.changed')).toBe(false);
    expect(staff.events.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });

  it('pages: a full page stops at its last event so the next request continues without a gap', async () => {
    const head = await server.app.eventLog.head(channelId);
    const seen: number[] = [];
    let after = 0;
    for (let guard = 0; guard < 100; guard++) {
      const page = (await (
        await fetch(`${server.url}/api/v1/channels/${SLUG}/events?after=${after}&limit=2`, {
          headers: { authorization: `Bearer ${ownerToken}` },
        })
      ).json()) as { events: { seq: number }[]; lastSeq: number };
      seen.push(...page.events.map((e) => e.seq));
      after = page.lastSeq;
      if (page.events.length < 2) break;
    }
    expect(seen).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });
});

describe('plain-WebSocket feed', () => {
  it('replays the log after `after`, then streams live events, each once and in order', async () => {
    const feed = await connectFeed(server.url, `/api/v1/channels/${SLUG}/feed?after=0`);
    const head = await server.app.eventLog.head(channelId);
    await rename();
    await rename();
    await eventually(() => expect(feed.events.at(-1)?.seq).toBe(head + 2));
    const seqs = feed.events.map((e) => e.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    expect(feed.events.some((e) => e.type === 'moderation.changed')).toBe(false);
    feed.close();
  });

  it('includes staff events for a staff credential', async () => {
    const feed = await connectFeed(server.url, `/api/v1/channels/${SLUG}/feed?token=${ownerToken}`);
    await server.app.eventLog.transaction(async (_tx, events) => {
      await events.lock(channelId);
      return events.append(channelId, 'moderation.changed', { action: 'feed' }, 'staff');
    });
    await eventually(() => expect(feed.events.map((e) => e.type)).toEqual(['moderation.changed']));
    feed.close();
  });

  it('answers a wrong credential or channel with an HTTP error before upgrading', async () => {
    expect(await feedRefusal(server.url, `/api/v1/channels/${SLUG}/feed?token=tcg_forged`)).toBe(401);
    expect(await feedRefusal(server.url, '/api/v1/channels/nobody-here/feed')).toBe(404);
    expect(await feedRefusal(server.url, `/api/v1/channels/${SLUG}/feed?after=-1`)).toBe(400);
  });
});

describe('events committed but never published (the publisher died)', () => {
  it('are published by the sweep of a live process', async () => {
    const socket = await connectSocket(server.url, SLUG);
    // Committed without waking the relay: exactly what a crash right after COMMIT leaves behind.
    const orphan = await appendUnannounced(server.app.sql, channelId);
    await eventually(() => expect(socket.events.map((e) => e.seq)).toContain(orphan));
    socket.close();
  });

  describe('after a restart', () => {
    let database: TestDatabase;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'tipchat-relay-'));
      database = postgresAdminUrl ? await createTestDatabase() : { config: { kind: 'embedded', dataDir }, drop: async () => {} };
    });
    afterAll(async () => {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('are published when the server starts again, and reach a client resuming from before them', async () => {
      // A server whose relay would not get round to it before it "dies".
      const first = await startTestServer({ RELAY_SWEEP_MS: '3600000' }, database);
      const client = first.client();
      await signUpVerified(client);
      const channel = await client.channels.create({ slug: 'crashy', displayName: 'Crashy' });
      const orphan = await appendUnannounced(first.app.sql, channel.id);
      await first.close();

      const second = await startTestServer({}, database);
      try {
        const [cursor] = await second.app.sql<
          { publishedSeq: number }[]
        >`select published_seq from relay_cursors where channel_id = ${channel.id}`;
        expect(cursor?.publishedSeq).toBe(orphan);
        const feed = await connectFeed(second.url, `/api/v1/channels/crashy/feed?after=${orphan - 1}`);
        await eventually(() => expect(feed.events.map((e) => e.seq)).toEqual([orphan]));
        feed.close();
      } finally {
        await second.close();
      }
    });
  });
});

describe('connections whose credential loses access', () => {
  it('cuts open overlay sockets and feeds when the overlay key is rotated', async () => {
    const key = await rotateOverlayKey();
    const socket = await connectSocket(server.url, SLUG, key);
    const feed = await connectFeed(server.url, `/api/v1/channels/${SLUG}/feed?token=${key}`);
    const closed = new Promise<number>((resolve) => feed.socket.once('close', (code) => resolve(code)));
    const disconnected = new Promise<string>((resolve) => socket.socket.once('disconnect', (reason) => resolve(reason)));

    await rotateOverlayKey();
    expect(await disconnected).toBe('io server disconnect');
    expect(await closed).toBe(4401);
  });

  it('moves a removed moderator to the public audience: no more staff events', async () => {
    const moderator = server.client();
    const { email, session } = await signUpVerified(moderator);
    const added = await fetch(`${server.url}/api/v1/channels/${SLUG}/moderators`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const { userId } = (await added.json()) as { userId: string };
    const socket = await connectSocket(server.url, SLUG, session.accessToken);
    expect(socket.ready.role).toBe('moderator');

    await fetch(`${server.url}/api/v1/channels/${SLUG}/moderators/${userId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ownerToken}` },
    });
    await eventually(() => expect(socket.events.map((e) => e.type)).toContain('access.changed'));
    await eventually(async () => {
      const staff = await server.app.io.in(staffRoom(channelId)).fetchSockets();
      expect(staff.map((s) => s.id)).not.toContain(socket.socket.id);
    });
    // A staff event and a public one: only the public one reaches the former moderator.
    const seen = socket.events.length;
    await server.app.eventLog.transaction(async (_tx, events) => {
      await events.lock(channelId);
      return events.append(channelId, 'moderation.changed', { action: 'after-removal' }, 'staff');
    });
    await rename();
    await eventually(() => expect(socket.events.slice(seen).map((e) => e.type)).toEqual(['channel.updated']));
    socket.close();
  });
});

/** Commits an event without waking the relay: exactly what a crash right after COMMIT leaves behind. */
function appendUnannounced(sql: Sql, channelId: string): Promise<number> {
  return sql.begin(async (tx) => {
    const events = new TransactionEvents(tx);
    await events.lock(channelId);
    const seq = await events.append(channelId, 'moderation.changed', { action: 'orphan' }, 'public');
    await events.flush();
    return seq;
  });
}
