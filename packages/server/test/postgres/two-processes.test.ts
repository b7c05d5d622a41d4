import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
