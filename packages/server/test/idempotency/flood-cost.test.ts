import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinGuest, makeChannel } from '../../src/features/chat/chat-test-kit';
import { startTestServer, type TestServer } from '../support/server';
import { IDEMPOTENCY_SERVER_ENV, messageCount, post } from './kit';

/**
 * The flood limit is checked before the send's transaction: a refused flood costs two counter
 * hits, no database write and no transaction (before, each refused send ran the whole transaction
 * first). That it never waits for the channel's lock is shown on real Postgres, holding the lock
 * from another connection: test/postgres/flood-before-lock.test.ts. What a flood costs the others
 * in time is for the chat bench, not for an assertion here.
 */
let server: TestServer;

const VIEWER_MAX = 30;

beforeAll(async () => {
  server = await startTestServer({
    ...IDEMPOTENCY_SERVER_ENV,
    CHAT_FLOOD_VIEWER_MAX: String(VIEWER_MAX),
    CHAT_FLOOD_IP_MAX: '100000',
    CHAT_FLOOD_WINDOW_SECONDS: '120',
  });
});
afterAll(() => server.close());

describe('a flooding guest', () => {
  it('is refused with 429 and Retry-After and stores nothing past the limit, while a bystander chats on', async () => {
    const channel = await makeChannel(server);
    const flooder = await joinGuest(server, channel.slug, 'flooder');
    const other = await joinGuest(server, channel.slug, 'bystander');
    const path = `/channels/${channel.slug}/chat/messages`;

    const bystanderSend = async (i: number) => {
      const response = await post(server, path, { token: other.token, ip: other.ip, json: { text: `calm ${i}` } });
      expect(response.status, response.text).toBe(201);
    };
    // The bystander chats before anyone floods…
    for (let i = 0; i < 12; i++) await bystanderSend(i);

    // The flooder uses up their allowance; everything they send from here on is refused.
    for (let i = 0; i < VIEWER_MAX; i++) {
      const response = await post(server, path, { token: flooder.token, ip: flooder.ip, json: { text: `allowed ${i}` } });
      expect(response.status, response.text).toBe(201);
    }
    let flooding = true;
    const statuses: number[] = [];
    const retryAfter = new Set<string | null>();
    const flood = async () => {
      for (let i = 0; flooding || i < 10; i++) {
        const response = await post(server, path, { token: flooder.token, ip: flooder.ip, json: { text: `spam ${i}` } });
        statuses.push(response.status);
        if (response.status === 429) retryAfter.add(response.retryAfter);
      }
    };
    const flooders = Array.from({ length: 4 }, flood);
    // …and on while the flood is refused.
    for (let i = 0; i < 9; i++) await bystanderSend(12 + i);
    flooding = false;
    await Promise.all(flooders);

    // Everything past the allowance was refused, with the wait in a header, and left no row.
    expect(statuses.filter((s) => s !== 429)).toEqual([]);
    expect(statuses.length).toBeGreaterThanOrEqual(40);
    expect(retryAfter.size).toBeGreaterThan(0);
    for (const value of retryAfter) expect(Number(value)).toBeGreaterThan(0);
    expect(await messageCount(server, flooder.viewerId)).toBe(VIEWER_MAX);
    expect(await messageCount(server, other.viewerId)).toBe(21);
  });
});
