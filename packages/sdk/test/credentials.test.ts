import { describe, expect, it } from 'vitest';
import { type ClientOptions, createClient, ValidationError } from '../src/index';

interface Call {
  method: string;
  path: string;
  authorization: string | null;
}

/** A client whose fetch answers from `answer` and records what was sent, with which credential. */
function recording(answer: (call: Call) => { status: number; body: unknown }, options: Omit<ClientOptions, 'baseUrl' | 'fetch'> = {}) {
  const calls: Call[] = [];
  const client = createClient({
    baseUrl: 'http://tipchat.test',
    ...options,
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      const call = { method: init?.method ?? 'GET', path: `${url.pathname}${url.search}`, authorization: headers.get('authorization') };
      calls.push(call);
      const { status, body } = answer(call);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  });
  return { client, calls };
}

const identity = (guestToken: string | null) => ({
  viewer: {
    id: '00000000-0000-4000-8000-000000000002',
    channelId: '00000000-0000-4000-8000-000000000001',
    displayName: 'Guest',
    kind: guestToken ? 'guest' : 'account',
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  guestToken,
  deviceToken: 'device-token-0123456789',
});

describe('which credential a channel call carries', () => {
  it('uses the guest token from joining a channel for that channel only', async () => {
    const { client, calls } = recording((call) => ({
      status: call.method === 'POST' && call.path.endsWith('/viewers') ? 201 : 200,
      body: identity('tcg_one'),
    }));
    await client.chat.join('one', { displayName: 'Guest' });
    await client.chat.history('one');
    await client.chat.history('two');
    expect(calls.map((c) => [c.path, c.authorization])).toEqual([
      ['/api/v1/channels/one/viewers', null],
      ['/api/v1/channels/one/chat/messages', 'Bearer tcg_one'],
      ['/api/v1/channels/two/chat/messages', null],
    ]);
    expect(client.chat.guestToken('one')).toBe('tcg_one');
  });

  it('refuses, without sending, a call that needs a credential the client lacks for that channel', async () => {
    const { client, calls } = recording(() => ({ status: 200, body: {} }));
    client.chat.useGuestToken('one', 'tcg_one');
    await expect(client.chat.send('two', 'hi')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(calls).toEqual([]);
  });

  it('prefers the account session over a guest token held for the channel', async () => {
    const { client, calls } = recording(() => ({ status: 201, body: {} }), { token: 'account-access' });
    client.chat.useGuestToken('one', 'tcg_one');
    await client.chat.send('one', 'hi');
    expect(calls[0]?.authorization).toBe('Bearer account-access');
  });

  it('sends an explicit token instead of the client credential', async () => {
    const { client, calls } = recording(() => ({ status: 200, body: { events: [], lastSeq: 0 } }), { token: 'account-access' });
    await client.events.after('one', 5, { limit: 10, token: 'tco_overlay' });
    expect(calls).toEqual([{ method: 'GET', path: '/api/v1/channels/one/events?after=5&limit=10', authorization: 'Bearer tco_overlay' }]);
  });

  it('renews an expired account session once and retries, but never "renews" a guest token', async () => {
    const expired = { status: 401, body: { error: { code: 'TOKEN_EXPIRED', message: 'The access token has expired' } } };
    const session = { accessToken: 'fresh', refreshToken: 'r2', accessTokenExpiresAt: '2030-01-01T00:00:00.000Z', user: {} };
    const account = recording(
      (call) =>
        call.path === '/api/v1/auth/refresh'
          ? { status: 200, body: session }
          : call.authorization === 'Bearer stale'
            ? expired
            : { status: 201, body: {} },
      { token: 'stale', refreshToken: 'r1' },
    );
    await account.client.chat.send('one', 'hi');
    expect(account.calls.map((c) => [c.path, c.authorization])).toEqual([
      ['/api/v1/channels/one/chat/messages', 'Bearer stale'],
      ['/api/v1/auth/refresh', null],
      ['/api/v1/channels/one/chat/messages', 'Bearer fresh'],
    ]);

    const guest = recording(() => expired);
    guest.client.chat.useGuestToken('one', 'tcg_one');
    await expect(guest.client.chat.send('one', 'hi')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(guest.calls).toHaveLength(1);
  });

  it('maps a 422 answer (a message the channel refuses) to ValidationError', async () => {
    const { client } = recording(() => ({ status: 422, body: { error: { code: 'MESSAGE_EMPTY', message: 'Write something first' } } }));
    client.chat.useGuestToken('one', 'tcg_one');
    const error = await client.chat.send('one', '\u200b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MESSAGE_EMPTY', status: 422 });
  });

  it('encodes every path segment', async () => {
    const { client, calls } = recording(() => ({ status: 200, body: { ok: true } }), { token: 'a' });
    await client.moderation.unban('one', 'a/b?c');
    expect(calls[0]?.path).toBe('/api/v1/channels/one/bans/a%2Fb%3Fc');
  });
});
