import { createHash } from 'node:crypto';
import type { ChatIdentity } from '@tipchat/sdk/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import {
  CHAT_SERVER_ENV,
  type Channel,
  call,
  chatState,
  freshIp,
  joinAccount,
  joinGuest,
  makeAccount,
  makeChannel,
  makeModerator,
  ok,
  say,
  withoutWrites,
} from '../chat/chat-test-kit';

const server = useTestServer(CHAT_SERVER_ENV);
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const join = (slug: string, options: { token?: string; json?: unknown } = {}) =>
  call(server, 'POST', `/channels/${slug}/viewers`, { ...options, ip: freshIp() });

async function storedViewer(id: string) {
  const [row] = await server.app.sql<
    { kind: string; userId: string | null; tokenHash: string | null; deviceHash: string | null; nameKey: string }[]
  >`
    select kind, user_id, token_hash, device_hash, name_key from viewers where id = ${id}`;
  return row;
}

describe('joining as a guest', () => {
  it('issues a guest token and a device token, and stores only their hashes', async () => {
    const channel = await makeChannel(server);
    const identity = ok<ChatIdentity>(await join(channel.slug, { json: { displayName: 'Night Owl' } }), 201);
    expect(identity.viewer).toMatchObject({ channelId: channel.id, displayName: 'Night Owl', kind: 'guest' });
    expect(identity.guestToken).toMatch(/^tcg_[A-Za-z0-9_-]{43}$/);
    expect(identity.deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await storedViewer(identity.viewer.id);
    expect(stored).toMatchObject({
      kind: 'guest',
      userId: null,
      tokenHash: sha256(identity.guestToken ?? ''),
      deviceHash: sha256(identity.deviceToken),
    });
    const [raw] = await server.app
      .sql`select 1 from viewers where token_hash = ${identity.guestToken} or device_hash = ${identity.deviceToken}`;
    expect(raw).toBeUndefined();
  });

  it('keeps the device token the client brings', async () => {
    const channel = await makeChannel(server);
    const deviceToken = 'my-device-token-0123456789';
    const identity = ok<ChatIdentity>(await join(channel.slug, { json: { displayName: 'Returning', deviceToken } }), 201);
    expect(identity.deviceToken).toBe(deviceToken);
    expect((await storedViewer(identity.viewer.id))?.deviceHash).toBe(sha256(deviceToken));
  });

  it('lets the guest chat with the token it was given', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug, 'Chatty');
    const message = await say(server, channel.slug, guest, 'hello');
    expect(message.author).toEqual({ viewerId: guest.viewerId, displayName: 'Chatty', kind: 'guest', role: 'viewer' });
  });

  it('answers the same identity when the guest joins again with its token', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug, 'Again');
    const again = ok<ChatIdentity>(await join(channel.slug, { token: guest.token, json: { displayName: 'Other Name' } }), 200);
    expect(again.viewer).toEqual(guest.identity.viewer);
    expect(again.guestToken).toBe(guest.token);
    expect((await chatState(server, channel.id))?.viewers).toBe(1);
  });

  it('needs a display name, with visible characters', async () => {
    const channel = await makeChannel(server);
    await withoutWrites(server, channel.id, async () => {
      const none = expectError(await join(channel.slug, { json: {} }), 400, 'VALIDATION_FAILED');
      expect(none.details).toEqual([{ path: 'body.displayName', message: 'Guests must choose a display name' }]);
      expectError(await join(channel.slug, { json: { displayName: '\u200B\u200B\u200B' } }), 400, 'VALIDATION_FAILED');
      expectError(await join(channel.slug, { json: { displayName: 'a\u200B' } }), 400, 'VALIDATION_FAILED');
      expectError(await join(channel.slug, { json: { displayName: 'x'.repeat(33) } }), 400, 'VALIDATION_FAILED');
      expectError(await join(channel.slug, { json: { displayName: 'Bell\u0007' } }), 400, 'VALIDATION_FAILED');
    });
  });

  it('stores the name without invisible characters or extra spaces', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug, '  Zero\u200B  Width\u202E ');
    expect(guest.identity.viewer.displayName).toBe('Zero Width');
  });

  it('refuses a guest token of another channel and a made-up one', async () => {
    const [a, b] = [await makeChannel(server), await makeChannel(server)];
    const guest = await joinGuest(server, a.slug);
    await withoutWrites(server, b.id, async () => {
      expectError(await join(b.slug, { token: guest.token, json: { displayName: 'Hopper' } }), 401, 'TOKEN_INVALID');
      expectError(await join(b.slug, { token: `tcg_${'A'.repeat(43)}`, json: { displayName: 'Hopper' } }), 401, 'TOKEN_INVALID');
    });
  });

  it('answers NOT_FOUND for a channel that does not exist', async () => {
    expectError(await join('no-such-channel', { json: { displayName: 'Lost' } }), 404, 'NOT_FOUND');
  });
});

describe('joining as an account', () => {
  it("uses the account's display name, once per channel", async () => {
    const channel = await makeChannel(server);
    const account = await makeAccount(server, 'Signed In Sam');
    const first = ok<ChatIdentity>(await join(channel.slug, { token: account.token, json: {} }), 201);
    expect(first).toMatchObject({ viewer: { displayName: 'Signed In Sam', kind: 'account', channelId: channel.id }, guestToken: null });
    expect((await storedViewer(first.viewer.id))?.userId).toBe(account.userId);

    const again = ok<ChatIdentity>(await join(channel.slug, { token: account.token, json: { displayName: 'Renamed' } }), 200);
    expect(again.viewer).toEqual(first.viewer);
    expect(again.guestToken).toBeNull();
    expect((await chatState(server, channel.id))?.viewers).toBe(1);
  });

  it('takes a chosen display name instead, and works without a body', async () => {
    const channel = await makeChannel(server);
    const account = await makeAccount(server);
    const identity = ok<ChatIdentity>(await join(channel.slug, { token: account.token, json: { displayName: 'Chosen Name' } }), 201);
    expect(identity.viewer.displayName).toBe('Chosen Name');
    const other = await makeAccount(server);
    const bare = ok<ChatIdentity>(await call(server, 'POST', `/channels/${channel.slug}/viewers`, { token: other.token }), 201);
    expect(bare.viewer.kind).toBe('account');
  });

  it('makes one identity when the same account joins twice at once', async () => {
    const channel = await makeChannel(server);
    const account = await makeAccount(server);
    const answers = await Promise.all([
      join(channel.slug, { token: account.token, json: {} }),
      join(channel.slug, { token: account.token, json: {} }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    const ids = answers.map((a) => (a.body as ChatIdentity).viewer.id);
    expect(ids[0]).toBe(ids[1]);
    expect((await chatState(server, channel.id))?.viewers).toBe(1);
  });

  it('lets the streamer chat under the channel name, as the streamer', async () => {
    const channel = await makeChannel(server, 'Streamer Name');
    const streamer = await joinAccount(server, channel.slug, channel.owner, { displayName: 'streamer name' });
    const message = await say(server, channel.slug, streamer, 'welcome!');
    expect(message.author).toMatchObject({ displayName: 'streamer name', kind: 'account', role: 'streamer' });
  });

  it('refuses overlay and API keys', async () => {
    const channel = await makeChannel(server);
    const apiKey = `tck_${'k'.repeat(40)}`;
    await server.app.sql`
      insert into api_keys (channel_id, name, key_hash, scopes, created_by)
      values (${channel.id}, 'bot', ${sha256(apiKey)}, ${server.app.sql.json(['events:read'])}, ${channel.ownerUserId})`;
    await withoutWrites(server, channel.id, async () => {
      expectError(await join(channel.slug, { token: apiKey, json: { displayName: 'Bot' } }), 403, 'FORBIDDEN');
    });
  });
});

describe('display names', () => {
  let channel: Channel;
  beforeAll(async () => {
    channel = await makeChannel(server, 'The Channel');
    await joinGuest(server, channel.slug, 'Alice');
  });

  it.each([
    ['the same name', 'Alice'],
    ['another case', 'ALICE'],
    ['extra spaces', '  alice  '],
    ['a space inside', 'Ali ce'],
    ['a zero-width space inside', 'Ali\u200Bce'],
    ['full-width letters', 'Ａｌｉｃｅ'],
    ['a Cyrillic look-alike capital', '\u0410lice'],
    ['Cyrillic look-alikes throughout', '\u0410l\u0456\u0441\u0435'],
    ['a Greek look-alike capital', '\u0391lice'],
  ])('refuses %s of a name in use', async (_what, name) => {
    await withoutWrites(server, channel.id, async () => {
      const error = expectError(await join(channel.slug, { json: { displayName: name } }), 409, 'DISPLAY_NAME_TAKEN');
      expect(error.message).not.toContain('Alice');
    });
  });

  it('refuses an account whose name is in use, until it chooses another', async () => {
    const account = await makeAccount(server, 'alice');
    expectError(await join(channel.slug, { token: account.token, json: {} }), 409, 'DISPLAY_NAME_TAKEN');
    ok(await join(channel.slug, { token: account.token, json: { displayName: 'Alice Two' } }), 201);
  });

  it("refuses the channel's own name to everyone but the streamer", async () => {
    await withoutWrites(server, channel.id, async () => {
      expectError(await join(channel.slug, { json: { displayName: 'the channel' } }), 409, 'DISPLAY_NAME_TAKEN');
      const account = await makeAccount(server);
      expectError(await join(channel.slug, { token: account.token, json: { displayName: 'THE CHANNEL' } }), 409, 'DISPLAY_NAME_TAKEN');
    });
  });

  it("refuses guests the streamer's and the moderators' account names", async () => {
    const own = await makeChannel(server);
    const moderator = await makeModerator(server, own);
    const [owner] = await server.app.sql<{ displayName: string }[]>`select display_name from users where id = ${own.ownerUserId}`;
    const [mod] = await server.app.sql<{ displayName: string }[]>`select display_name from users where id = ${moderator.userId}`;
    await withoutWrites(server, own.id, async () => {
      expectError(await join(own.slug, { json: { displayName: owner?.displayName.toUpperCase() } }), 409, 'DISPLAY_NAME_TAKEN');
      expectError(await join(own.slug, { json: { displayName: mod?.displayName } }), 409, 'DISPLAY_NAME_TAKEN');
    });
  });

  it('gives a name to one of two guests asking for it at once', async () => {
    const answers = await Promise.all([
      join(channel.slug, { json: { displayName: 'Racer' } }),
      join(channel.slug, { json: { displayName: 'racer' } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('lets a name that only resembles one in use through', async () => {
    await joinGuest(server, channel.slug, 'Alicia');
  });

  it('lets the same name be used in another channel', async () => {
    const other = await makeChannel(server);
    await joinGuest(server, other.slug, 'Alice');
  });
});

describe('a banned device', () => {
  async function banDevice(channel: Channel, deviceToken: string, expiresAt: Date | null) {
    const victim = await joinGuest(server, channel.slug, undefined, deviceToken);
    await server.app.sql`
      insert into bans (channel_id, viewer_id, device_hash, reason, expires_at, created_by)
      values (${channel.id}, ${victim.viewerId}, ${sha256(deviceToken)}, 'spam', ${expiresAt}, ${channel.ownerUserId})`;
  }

  it('cannot make a new guest identity in that channel', async () => {
    const channel = await makeChannel(server);
    const deviceToken = 'banned-device-token-00001';
    await banDevice(channel, deviceToken, null);
    const error = await withoutWrites(server, channel.id, async () =>
      expectError(await join(channel.slug, { json: { displayName: 'New Me', deviceToken } }), 403, 'BANNED'),
    );
    expect(error.details).toEqual({ expiresAt: null });
    // Another device, or the same device elsewhere, is not affected.
    ok(await join(channel.slug, { json: { displayName: 'Someone Else' } }), 201);
    ok(await join((await makeChannel(server)).slug, { json: { displayName: 'New Me', deviceToken } }), 201);
  });

  it('is told when its time-out ends', async () => {
    const channel = await makeChannel(server);
    const deviceToken = 'timed-out-device-token-01';
    const expiresAt = new Date(Date.now() + 600_000);
    await banDevice(channel, deviceToken, expiresAt);
    const error = expectError(await join(channel.slug, { json: { displayName: 'Impatient', deviceToken } }), 403, 'TIMED_OUT');
    expect(error.details).toEqual({ expiresAt: expiresAt.toISOString() });
  });
});

describe('where a viewer stands: GET /channels/:slug/viewers/me', () => {
  it('answers the identity and no ban, then the ban or time-out in force, and none once lifted', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug, 'Standing Guest');
    const standing = () => call(server, 'GET', `/channels/${channel.slug}/viewers/me`, { token: guest.token });
    expect(ok(await standing())).toEqual({ viewer: guest.identity.viewer, ban: null });

    const banned = ok<{ id: string }>(
      await call(server, 'POST', `/channels/${channel.slug}/bans`, {
        token: channel.owner,
        json: { viewerId: guest.viewerId, reason: 'spam' },
      }),
      201,
    );
    expect(ok(await standing())).toEqual({ viewer: guest.identity.viewer, ban: { expiresAt: null } });
    ok(await call(server, 'DELETE', `/channels/${channel.slug}/bans/${banned.id}`, { token: channel.owner }));
    expect(ok(await standing())).toMatchObject({ ban: null });

    const timeout = ok<{ expiresAt: string }>(
      await call(server, 'POST', `/channels/${channel.slug}/bans`, {
        token: channel.owner,
        json: { viewerId: guest.viewerId, durationSeconds: 600 },
      }),
      201,
    );
    expect(ok(await standing())).toMatchObject({ ban: { expiresAt: timeout.expiresAt } });
  });

  it('refuses a caller without a credential (401) and an account that has not joined (404), in the standard shape', async () => {
    const channel = await makeChannel(server);
    expectError(await call(server, 'GET', `/channels/${channel.slug}/viewers/me`), 401, 'UNAUTHENTICATED');
    const account = await makeAccount(server);
    expectError(await call(server, 'GET', `/channels/${channel.slug}/viewers/me`, { token: account.token }), 404, 'NOT_FOUND');
    const joined = await joinAccount(server, channel.slug, account.token);
    expect(ok(await call(server, 'GET', `/channels/${channel.slug}/viewers/me`, { token: account.token }))).toMatchObject({
      viewer: { id: joined.viewerId, kind: 'account' },
      ban: null,
    });
    expectError(await call(server, 'GET', '/channels/nobody-here/viewers/me', { token: account.token }), 404, 'NOT_FOUND');
  });
});
