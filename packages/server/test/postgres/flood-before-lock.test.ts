import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinGuest, makeChannel } from '../../src/features/chat/chat-test-kit';
import { IDEMPOTENCY_SERVER_ENV, messageCount, post } from '../idempotency/kit';
import { createTestDatabase } from '../support/database';
import { startedForSuite } from '../support/per-suite';
import { startTestServer } from '../support/server';

/**
 * A flooding guest is refused before their send's transaction: the refusal costs counter hits, never the channel's
 * lock, so a flood cannot queue up behind (or in front of) everyone else's chat. Shown on real Postgres by holding
 * the channel's row lock from another connection: the flooder's refusals still arrive, while a bystander's send —
 * which needs the lock — waits until it is released and is then stored.
 */
const VIEWER_MAX = 5;

const testDatabase = startedForSuite(
  () => createTestDatabase(),
  (db) => db.drop(),
);
const server = startedForSuite(
  () =>
    startTestServer(
      {
        ...IDEMPOTENCY_SERVER_ENV,
        CHAT_FLOOD_VIEWER_MAX: String(VIEWER_MAX),
        CHAT_FLOOD_IP_MAX: '100000',
        CHAT_FLOOD_WINDOW_SECONDS: '120',
      },
      testDatabase,
    ),
  (started) => started.close(),
);
let locker: postgres.Sql;

beforeAll(async () => {
  const config = testDatabase.config;
  if (config.kind !== 'postgres') throw new Error('this suite runs on Postgres only');
  locker = postgres(config.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await locker?.end();
});

describe('a flooding guest while the channel is locked', () => {
  it('is refused without waiting for the lock; a bystander waits for it and is stored once it is released', async () => {
    const channel = await makeChannel(server);
    const flooder = await joinGuest(server, channel.slug, 'flooder');
    const bystander = await joinGuest(server, channel.slug, 'bystander');
    const path = `/channels/${channel.slug}/chat/messages`;
    for (let i = 0; i < VIEWER_MAX; i++) {
      const allowed = await post(server, path, { token: flooder.token, ip: flooder.ip, json: { text: `allowed ${i}` } });
      expect(allowed.status, allowed.text).toBe(201);
    }

    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // The strongest row lock: every writer of the channel (a send's FOR NO KEY UPDATE included) waits behind it.
    const holding = locker.begin(async (tx) => {
      await tx`select id from channels where id = ${channel.id} for update`;
      locked();
      await released;
    });
    await isLocked;

    let bystanderAnswered = false;
    const bystanderSend = post(server, path, { token: bystander.token, ip: bystander.ip, json: { text: 'calm' } }).then((response) => {
      bystanderAnswered = true;
      return response;
    });
    try {
      // Answered while the lock is held: had a refusal needed the lock, these would wait for the release below
      // (and the test would time out).
      const refusals = await Promise.all(
        Array.from({ length: 8 }, (_, i) => post(server, path, { token: flooder.token, ip: flooder.ip, json: { text: `spam ${i}` } })),
      );
      expect(refusals.map((r) => r.status)).toEqual(Array(8).fill(429));
      for (const refusal of refusals) expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
      expect(bystanderAnswered).toBe(false);
    } finally {
      release();
      await holding;
    }
    const stored = await bystanderSend;
    expect(stored.status, stored.text).toBe(201);
    expect(await messageCount(server, flooder.viewerId)).toBe(VIEWER_MAX);
    expect(await messageCount(server, bystander.viewerId)).toBe(1);
  });
});
