import { randomBytes, randomUUID } from 'node:crypto';
import type { ChatSendResult } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { freshIp, joinGuest, makeChannel } from '../../src/features/chat/chat-test-kit';
import { connectSocket } from '../support/realtime';
import { useTestServer } from '../support/server';
import { tipChannel } from '../support/tips';
import { chatEventCount, IDEMPOTENCY_SERVER_ENV, messageCount, post, tipCount } from './kit';

/**
 * Duplicates at the same moment: several clients send one key at once (REST and socket mixed).
 * On real Postgres (DATABASE_URL, a pool of several connections) the requests truly overlap in
 * the database; on PGlite they queue, and the answers must be the same either way.
 */
const server = useTestServer({ ...IDEMPOTENCY_SERVER_ENV, CHAT_FLOOD_VIEWER_MAX: '100000', CHAT_FLOOD_IP_MAX: '100000' });

const ROUNDS = 10;
const COPIES = 6;

describe('concurrent duplicates', () => {
  it('store one chat message per key, and every copy is answered with it', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const sockets = await Promise.all([1, 2].map(() => connectSocket(server.url, channel.slug, guest.token)));
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const key = randomUUID();
        const text = `round ${round}`;
        const rest = Array.from({ length: COPIES }, () =>
          post(server, `/channels/${channel.slug}/chat/messages`, { token: guest.token, ip: guest.ip, key, json: { text } }).then((r) => {
            expect(r.status, r.text).toBe(201);
            return r.body;
          }),
        );
        const overSockets = sockets.map(
          ({ socket }) =>
            new Promise<unknown>((resolve) =>
              socket.emit('chat:send', { text, clientMessageId: key }, (result: ChatSendResult) => {
                expect(result.ok, JSON.stringify(result)).toBe(true);
                resolve(result.ok ? result.message : null);
              }),
            ),
        );
        const answers = await Promise.all([...rest, ...overSockets]);
        for (const answer of answers) expect(answer).toEqual(answers[0]);
      }
      expect(await messageCount(server, guest.viewerId)).toBe(ROUNDS);
      expect(await chatEventCount(server, channel.id)).toBe(ROUNDS);
    } finally {
      for (const live of sockets) live.close();
    }
  });

  it('start one tip per key; each copy gets the first answer or 409 IDEMPOTENCY_KEY_IN_USE, never a second tip', async () => {
    const channel = await tipChannel(server, 'USD', 'idem-race');
    for (let round = 0; round < ROUNDS; round++) {
      const json = { amount: 300 + round, currency: 'USD', displayName: 'Racer', deviceToken: randomBytes(16).toString('hex') };
      const key = randomUUID();
      const ip = freshIp();
      const answers = await Promise.all(
        Array.from({ length: COPIES }, () => post(server, `/channels/${channel.slug}/tips`, { ip, key, json })),
      );
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const a of created) expect(a.body).toEqual(created[0]?.body);
      for (const a of answers.filter((x) => x.status !== 201)) {
        expect({ status: a.status, code: (a.body as { error: { code: string } }).error.code }).toEqual({
          status: 409,
          code: 'IDEMPOTENCY_KEY_IN_USE',
        });
      }
      // The busy ones, asked again once the first is done, get the first answer.
      const again = await post(server, `/channels/${channel.slug}/tips`, { ip, key, json });
      expect(again.body).toEqual(created[0]?.body);
    }
    expect(await tipCount(server, channel.id)).toBe(ROUNDS);
  });
});
