import { randomUUID } from 'node:crypto';
import type { ChatMessage, ChatSendResult } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { call, freshIp, joinGuest, makeChannel, ok, say } from '../../src/features/chat/chat-test-kit';
import { IdempotencyExpiry } from '../../src/features/idempotency/expiry';
import { expectError } from '../support/raw';
import { connectSocket } from '../support/realtime';
import { useTestServer } from '../support/server';
import { chatEventCount, IDEMPOTENCY_SERVER_ENV, messageCount, post } from './kit';

const server = useTestServer(IDEMPOTENCY_SERVER_ENV);

const messages = (slug: string) => `/channels/${slug}/chat/messages`;

function socketSend(socket: Awaited<ReturnType<typeof connectSocket>>['socket'], body: unknown): Promise<ChatSendResult> {
  return new Promise((resolve) => socket.emit('chat:send', body as { text: string }, resolve));
}

describe('a chat send retried over REST with the same Idempotency-Key', () => {
  it('answers with the first message (same status, same body) and stores one row and one event', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const key = randomUUID();
    const first = await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'only once' } });
    const retry = await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'only once' } });
    expect(first.status, first.text).toBe(201);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await messageCount(server, guest.viewerId)).toBe(1);
    expect(await chatEventCount(server, channel.id)).toBe(1);
  });

  it('stores every send without a key, as before', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    await say(server, channel.slug, guest, 'twice');
    await say(server, channel.slug, guest, 'twice');
    expect(await messageCount(server, guest.viewerId)).toBe(2);
  });

  it('refuses the same key with other text with 422 IDEMPOTENCY_KEY_REUSED and stores nothing more', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const key = randomUUID();
    ok(await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'first text' } }), 201);
    const reused = await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'other text' } });
    expectError(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await messageCount(server, guest.viewerId)).toBe(1);
  });

  it('scopes keys to the sender: another viewer with the same key gets a message of their own', async () => {
    const channel = await makeChannel(server);
    const [alice, bob] = [await joinGuest(server, channel.slug), await joinGuest(server, channel.slug)];
    const key = 'shared-key-1';
    const a = ok<ChatMessage>(
      await post(server, messages(channel.slug), { token: alice.token, ip: alice.ip, key, json: { text: 'hi' } }),
      201,
    );
    const b = ok<ChatMessage>(await post(server, messages(channel.slug), { token: bob.token, ip: bob.ip, key, json: { text: 'hi' } }), 201);
    expect(b.id).not.toBe(a.id);
    expect(b.author.viewerId).toBe(bob.viewerId);
  });

  it('answers a retry with the first message even when slow mode would refuse a new one', async () => {
    const channel = await makeChannel(server);
    ok(await call(server, 'PATCH', `/channels/${channel.slug}/chat/settings`, { token: channel.owner, json: { slowModeSeconds: 60 } }));
    const guest = await joinGuest(server, channel.slug);
    const key = randomUUID();
    const first = await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'slow' } });
    const retry = await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'slow' } });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body).toEqual(first.body);
    // A new message (a new key) is still held by slow mode.
    const next = await post(server, messages(channel.slug), {
      token: guest.token,
      ip: guest.ip,
      key: randomUUID(),
      json: { text: 'slow' },
    });
    expectError(next, 429, 'SLOW_MODE');
    expect(await messageCount(server, guest.viewerId)).toBe(1);
  });

  it('refuses malformed keys with 400 and stores nothing', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    for (const key of ['', 'x'.repeat(256), 'caf\u00e9']) {
      const response = await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'bad key' } });
      expectError(response, 400, 'VALIDATION_FAILED');
    }
    ok(await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key: 'x'.repeat(255), json: { text: 'ok' } }), 201);
    expect(await messageCount(server, guest.viewerId)).toBe(1);
  });

  it('forgets a key after a day: the expiry job deletes it, and the same key then sends anew', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const key = randomUUID();
    const first = ok<ChatMessage>(
      await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'day one' } }),
      201,
    );
    const expiry = new IdempotencyExpiry(server.app.sql, server.app.log);
    // Younger than a day: kept.
    expect(await expiry.pruneExpired()).toBe(0);
    await server.app.sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = ${key}`;
    expect(await expiry.pruneExpired()).toBeGreaterThanOrEqual(1);
    const later = ok<ChatMessage>(
      await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'day one' } }),
      201,
    );
    expect(later.id).not.toBe(first.id);
    expect(await messageCount(server, guest.viewerId)).toBe(2);
  });
});

describe('a socket chat:send retried with the same clientMessageId', () => {
  it('acks the first message again and stores one row; a REST send with the same key is the same send', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const live = await connectSocket(server.url, channel.slug, guest.token);
    try {
      const clientMessageId = randomUUID();
      const first = await socketSend(live.socket, { text: 'over the socket', clientMessageId });
      const again = await socketSend(live.socket, { text: 'over the socket', clientMessageId });
      expect(first.ok).toBe(true);
      expect(again).toEqual(first);
      const rest = await post(server, messages(channel.slug), {
        token: guest.token,
        ip: guest.ip,
        key: clientMessageId,
        json: { text: 'over the socket' },
      });
      expect(rest.status).toBe(201);
      expect(first.ok && rest.body).toEqual(first.ok && first.message);
      expect(await messageCount(server, guest.viewerId)).toBe(1);
      expect(await chatEventCount(server, channel.id)).toBe(1);

      const reused = await socketSend(live.socket, { text: 'something else', clientMessageId });
      expect(reused).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      // Without an id, two sends are two messages.
      await socketSend(live.socket, { text: 'plain' });
      await socketSend(live.socket, { text: 'plain' });
      expect(await messageCount(server, guest.viewerId)).toBe(3);
    } finally {
      live.close();
    }
  });

  it('refuses a malformed clientMessageId with VALIDATION_FAILED', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const live = await connectSocket(server.url, channel.slug, guest.token);
    try {
      for (const clientMessageId of ['', 'a\u0000b', 'y'.repeat(256), 42]) {
        expect(await socketSend(live.socket, { text: 'hi', clientMessageId })).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION_FAILED' },
        });
      }
      expect(await messageCount(server, guest.viewerId)).toBe(0);
    } finally {
      live.close();
    }
  });
});

describe('idempotency and the flood limit', () => {
  it('answers a retry of an accepted send with its message even while the sender is flood-limited', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const key = randomUUID();
    const first = await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'kept' } });
    for (let i = 0; i < 4; i++) await say(server, channel.slug, guest, `filler ${i}`);
    const flooded = await post(server, messages(channel.slug), {
      token: guest.token,
      ip: guest.ip,
      key: randomUUID(),
      json: { text: 'new' },
    });
    expectError(flooded, 429, 'RATE_LIMITED');
    const retry = await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'kept' } });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await messageCount(server, guest.viewerId)).toBe(5);
  });

  it('does not count retries answered from their key against the allowance', async () => {
    const channel = await makeChannel(server);
    const guest = { ...(await joinGuest(server, channel.slug)), ip: freshIp() };
    const key = randomUUID();
    for (let i = 0; i < 10; i++) {
      ok(await post(server, messages(channel.slug), { token: guest.token, ip: guest.ip, key, json: { text: 'retried' } }), 201);
    }
    // The default allowance is 5 per 10 s: the first send and four more new ones.
    for (let i = 0; i < 4; i++) await say(server, channel.slug, guest, `new ${i}`);
    expect(await messageCount(server, guest.viewerId)).toBe(5);
  });
});
