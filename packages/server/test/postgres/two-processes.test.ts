import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/realtime/event-log';
import { signUpVerified } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { connectFeed, connectSocket, eventually } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';

// Two tipchat servers on one Postgres and one Redis: what runs behind a load balancer.
describe('two server processes sharing Postgres and Redis', () => {
  let database: TestDatabase;
  let left: TestServer;
  let right: TestServer;
  beforeAll(async () => {
    if (!process.env.REDIS_URL) throw new Error('this suite needs REDIS_URL as well as DATABASE_URL');
    database = await createTestDatabase();
    const shared = { REDIS_KEY_PREFIX: `tipchat-test-${randomBytes(4).toString('hex')}:`, RELAY_SWEEP_MS: '200' };
    [left, right] = await Promise.all([startTestServer(shared, database), startTestServer(shared, database)]);
  });
  afterAll(async () => {
    await Promise.all([left?.close(), right?.close()]);
    await database?.drop();
  });

  it('delivers every event to every client on either process, once, in sequence order', async () => {
    const owner = left.client();
    await signUpVerified(owner);
    const channel = await owner.channels.create({ slug: 'scaled', displayName: 'Scaled' });
    const ownerOnRight = right.client({ token: owner.tokens?.accessToken ?? '' });

    const sockets = await Promise.all([
      connectSocket(left.url, 'scaled'),
      connectSocket(left.url, 'scaled'),
      connectSocket(right.url, 'scaled'),
      connectSocket(right.url, 'scaled'),
    ]);
    const feeds = await Promise.all([
      connectFeed(left.url, '/api/v1/channels/scaled/feed?after=0'),
      connectFeed(right.url, '/api/v1/channels/scaled/feed?after=0'),
    ]);

    // Writes alternate between the processes, some of them concurrent.
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        owner.channels.update('scaled', { description: `left ${round}` }),
        ownerOnRight.channels.update('scaled', { description: `right ${round}` }),
      ]);
    }
    const head = await left.app.eventLog.head(channel.id);
    expect(head).toBe(10);
    const all = Array.from({ length: head }, (_, i) => i + 1);
    for (const client of [...sockets, ...feeds]) {
      await eventually(() => expect(client.events.map((e) => e.seq)).toEqual(all));
    }
    for (const client of [...sockets, ...feeds]) client.close();
  });

  it("hands a process's clients another process's event before its own next one, even when its own is first", async () => {
    const owner = left.client();
    await signUpVerified(owner);
    const channel = await owner.channels.create({ slug: 'ordered', displayName: 'Ordered' });
    const sockets = await Promise.all([connectSocket(right.url, 'ordered'), connectSocket(left.url, 'ordered')]);
    const feed = await connectFeed(right.url, '/api/v1/channels/ordered/feed?after=0');
    // A real event every process hands on: from here each knows where the channel stands.
    await owner.channels.update('ordered', { description: 'before' });
    const head = await left.app.eventLog.head(channel.id);
    for (const client of [...sockets, feed]) await eventually(() => expect(client.events.at(-1)?.seq).toBe(head));

    // The race in plain view: the right process publishes head + 2 before the left one's head + 1, which reaches the
    // right process only through Redis. (Neither is in the log; clients are not asked to fetch anything.)
    const event = (seq: number) =>
      ({
        channelId: channel.id,
        seq,
        type: 'channel.updated',
        data: {},
        at: new Date().toISOString(),
        visibility: 'public',
      }) as StoredEvent;
    right.app.broadcast.publish(event(head + 2), head + 1);
    left.app.broadcast.publish(event(head + 1), head);

    for (const client of [...sockets, feed]) {
      await eventually(() => expect(client.events.map((e) => e.seq).filter((seq) => seq > head)).toEqual([head + 1, head + 2]));
    }
    for (const client of [...sockets, feed]) client.close();
  });
});
