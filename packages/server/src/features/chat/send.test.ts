import { createHash } from 'node:crypto';
import type { ChatSettings } from '@tipchat/sdk/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../../../test/support/accounts';
import { expectError, expectValidation } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import {
  CHAT_SERVER_ENV,
  type Channel,
  type Chatter,
  call,
  eventsOf,
  freshIp,
  joinAccount,
  joinGuest,
  makeAccount,
  makeChannel,
  makeModerator,
  ok,
  say,
  sendText,
  withoutWrites,
} from './chat-test-kit';

const server = useTestServer(CHAT_SERVER_ENV);

async function settings(channel: Channel, patch: Partial<ChatSettings>): Promise<void> {
  ok(await call(server, 'PATCH', `/channels/${channel.slug}/chat/settings`, { token: channel.owner, json: patch }));
}

/** A send that must be refused with `code`, leaving the channel's chat exactly as it was. */
async function refused(
  channel: Channel,
  chatter: Pick<Chatter, 'token' | 'ip'>,
  text: string,
  status: number,
  code: Parameters<typeof expectError>[2],
) {
  return withoutWrites(server, channel.id, async () => expectError(await sendText(server, channel.slug, chatter, text), status, code));
}

describe('sending a message', () => {
  it('stores the message and announces it in the same transaction, with the event sequence', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug, 'First Fan');
    const message = await say(server, channel.slug, guest, 'hello there');
    expect(message).toMatchObject({
      channelId: channel.id,
      text: 'hello there',
      author: { viewerId: guest.viewerId, displayName: 'First Fan', kind: 'guest', role: 'viewer' },
    });
    const [stored] = await server.app.sql<
      { seq: number; text: string; viewerId: string }[]
    >`select seq, text, viewer_id from chat_messages where id = ${message.id}`;
    expect(stored).toEqual({ seq: message.seq, text: 'hello there', viewerId: guest.viewerId });
    const events = await eventsOf(server, channel.id);
    expect(events).toEqual([{ seq: message.seq, type: 'chat.message', visibility: 'public', data: message }]);
    const [viewer] = await server.app.sql<{ lastMessageAt: Date }[]>`select last_message_at from viewers where id = ${guest.viewerId}`;
    expect(viewer?.lastMessageAt.toISOString()).toBe(message.createdAt);
  });

  it('names the author as streamer, moderator or viewer', async () => {
    const channel = await makeChannel(server);
    const streamer = await joinAccount(server, channel.slug, channel.owner);
    const moderator = await makeModerator(server, channel);
    const account = await joinAccount(server, channel.slug, (await makeAccount(server)).token);
    expect((await say(server, channel.slug, streamer, 'a')).author).toMatchObject({ role: 'streamer', kind: 'account' });
    expect((await say(server, channel.slug, moderator, 'b')).author).toMatchObject({ role: 'moderator', kind: 'account' });
    expect((await say(server, channel.slug, account, 'c')).author).toMatchObject({ role: 'viewer', kind: 'account' });
  });

  it('gives every event of the channel the next sequence number', async () => {
    const channel = await makeChannel(server);
    const chatters = await Promise.all([1, 2, 3].map((n) => joinGuest(server, channel.slug, `seq-${n}`)));
    const sent = await Promise.all(
      chatters.flatMap((chatter) => [say(server, channel.slug, chatter, 'one'), say(server, channel.slug, chatter, 'two')]),
    );
    const events = await eventsOf(server, channel.id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(sent.map((m) => m.seq))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    for (const message of sent) expect(events.find((e) => e.seq === message.seq)?.data).toEqual(message);
  });

  it('shows the message in the public event feed', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const message = await say(server, channel.slug, guest, 'on the feed');
    const page = ok<{ events: { seq: number; type: string; data: unknown }[] }>(
      await call(server, 'GET', `/channels/${channel.slug}/events?after=0`),
    );
    expect(page.events).toMatchObject([{ seq: message.seq, type: 'chat.message', data: message }]);
  });
});

describe('who may send', () => {
  it('needs a credential', async () => {
    const channel = await makeChannel(server);
    await refused(channel, { token: undefined as unknown as string, ip: freshIp() }, 'hi', 401, 'UNAUTHENTICATED');
  });

  it('needs an identity in the chat: an account must join first', async () => {
    const channel = await makeChannel(server);
    const account = await makeAccount(server);
    const error = await refused(channel, { token: account.token, ip: freshIp() }, 'hi', 403, 'FORBIDDEN');
    expect(error.message).toBe('Join the chat first');
    await refused(channel, { token: channel.owner, ip: freshIp() }, 'hi', 403, 'FORBIDDEN');
  });

  it("refuses another channel's guest token", async () => {
    const [a, b] = [await makeChannel(server), await makeChannel(server)];
    const guest = await joinGuest(server, a.slug);
    await refused(b, guest, 'hopping', 401, 'TOKEN_INVALID');
  });

  it('answers NOT_FOUND for a channel that does not exist', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    expectError(await sendText(server, 'no-such-channel', guest, 'hi'), 404, 'NOT_FOUND');
  });
});

describe('message text', () => {
  let channel: Channel;
  beforeAll(async () => {
    channel = await makeChannel(server);
  });

  it('is stored without control, zero-width and bidi characters, on one line', async () => {
    const guest = await joinGuest(server, channel.slug);
    const message = await say(
      server,
      channel.slug,
      guest,
      '  line one\r\nline\ttwo\u0007 s\u200Bp\u200Ca\u2060m \u202Egnp.exe\u202C\uFEFF  ',
    );
    expect(message.text).toBe('line one line two spam gnp.exe');
    const [stored] = await server.app.sql<{ text: string }[]>`select text from chat_messages where id = ${message.id}`;
    expect(stored?.text).toBe(message.text);
  });

  it('keeps emoji sequences whole', async () => {
    const guest = await joinGuest(server, channel.slug);
    expect((await say(server, channel.slug, guest, 'gg 👩\u200D💻🎉')).text).toBe('gg 👩\u200D💻🎉');
  });

  it('refuses a message with nothing visible in it', async () => {
    const guest = await joinGuest(server, channel.slug);
    await refused(channel, guest, ' \u200B\n\t\u202E ', 422, 'MESSAGE_EMPTY');
    await refused(channel, guest, '\u0000\u0001', 422, 'MESSAGE_EMPTY');
    expectValidation(await withoutWrites(server, channel.id, () => sendText(server, channel.slug, guest, '')), ['body.text']);
  });

  it('counts the length in characters, after cleaning', async () => {
    const guest = await joinGuest(server, channel.slug);
    // 200 emoji are 400 UTF-16 units and 800 bytes, but 200 characters: the default limit.
    await say(server, channel.slug, guest, '😀'.repeat(200));
    await say(server, channel.slug, guest, `${'a'.repeat(200)}\u200B\u200B\u200B`);
    const error = await refused(channel, guest, '😀'.repeat(201), 422, 'MESSAGE_TOO_LONG');
    expect(error.details).toEqual({ max: 200 });
  });

  it("follows the channel's own length limit", async () => {
    const own = await makeChannel(server);
    await settings(own, { maxMessageLength: 10 });
    const guest = await joinGuest(server, own.slug);
    await say(server, own.slug, guest, 'ten chars!');
    const error = await refused(own, guest, 'eleven char', 422, 'MESSAGE_TOO_LONG');
    expect(error.details).toEqual({ max: 10 });
  });

  it('refuses links unless the channel allows them', async () => {
    const own = await makeChannel(server);
    const guest = await joinGuest(server, own.slug);
    for (const text of ['see https://example.org', 'www.example.org', 'go to spam.xyz now', 'join t.me/free', 'ｅｘａｍｐｌｅ．ｃｏｍ']) {
      await refused(own, guest, text, 422, 'LINKS_NOT_ALLOWED');
    }
    await say(server, own.slug, guest, 'e.g. this is fine, Mr.Smith');
    await settings(own, { linksAllowed: true });
    expect((await say(server, own.slug, guest, 'see https://example.org')).text).toBe('see https://example.org');
  });
});

describe('chat settings that limit who chats', () => {
  it('disabled chat refuses viewers but not the streamer and moderators', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const streamer = await joinAccount(server, channel.slug, channel.owner);
    const moderator = await makeModerator(server, channel);
    await settings(channel, { enabled: false });
    await refused(channel, guest, 'anyone here?', 403, 'CHAT_DISABLED');
    await say(server, channel.slug, streamer, 'chat is closed for now');
    await say(server, channel.slug, moderator, 'see you later');
  });

  it('signed-in-only refuses guests', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const account = await joinAccount(server, channel.slug, (await makeAccount(server)).token);
    await settings(channel, { signedInOnly: true });
    await refused(channel, guest, 'let me in', 403, 'SIGN_IN_REQUIRED');
    await say(server, channel.slug, account, 'signed in');
  });

  it('verified-only refuses guests and accounts without a verified email', async () => {
    const channel = await makeChannel(server);
    const client = server.client();
    const email = uniqueEmail('unverified');
    await client.auth.register({ email, password: PASSWORD, displayName: 'Unverified Una' });
    const session = await client.auth.login({ email, password: PASSWORD });
    const unverified = await joinAccount(server, channel.slug, session.accessToken);
    const verified = await joinAccount(server, channel.slug, (await makeAccount(server)).token);
    const guest = await joinGuest(server, channel.slug);
    await settings(channel, { verifiedOnly: true });
    await refused(channel, unverified, 'hello?', 403, 'VERIFIED_EMAIL_REQUIRED');
    await refused(channel, guest, 'hello?', 403, 'VERIFIED_EMAIL_REQUIRED');
    await say(server, channel.slug, verified, 'verified');
  });

  it('checks in order: disabled, then signed-in-only, then text', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    await settings(channel, { enabled: false, signedInOnly: true });
    await refused(channel, guest, '\u200B', 403, 'CHAT_DISABLED');
    await settings(channel, { enabled: true });
    await refused(channel, guest, '\u200B', 403, 'SIGN_IN_REQUIRED');
  });
});

describe('bans and blocked terms', () => {
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

  async function ban(channel: Channel, viewer: Chatter, expiresAt: Date | null) {
    await server.app.sql`
      insert into bans (channel_id, viewer_id, reason, expires_at, created_by)
      values (${channel.id}, ${viewer.viewerId}, 'test', ${expiresAt}, ${channel.ownerUserId})`;
  }

  it('refuses a banned viewer', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    await ban(channel, guest, null);
    const error = await refused(channel, guest, 'let me talk', 403, 'BANNED');
    expect(error.details).toEqual({ expiresAt: null });
  });

  it('refuses a timed-out viewer and says until when', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const expiresAt = new Date(Date.now() + 300_000);
    await ban(channel, guest, expiresAt);
    const error = await refused(channel, guest, 'let me talk', 403, 'TIMED_OUT');
    expect(error.details).toEqual({ expiresAt: expiresAt.toISOString() });
  });

  it('refuses a new guest identity on a banned device from sending too', async () => {
    const channel = await makeChannel(server);
    const deviceToken = 'shared-device-token-0001';
    const first = await joinGuest(server, channel.slug, 'First Name', deviceToken);
    const second = await joinGuest(server, channel.slug, 'Second Name', deviceToken);
    await server.app.sql`
      insert into bans (channel_id, viewer_id, device_hash, reason, created_by)
      values (${channel.id}, ${first.viewerId}, ${sha256(deviceToken)}, 'spam', ${channel.ownerUserId})`;
    await refused(channel, second, 'it is me again', 403, 'BANNED');
  });

  it('refuses a message with a blocked term without naming the term', async () => {
    const channel = await makeChannel(server);
    await server.app
      .sql`insert into blocked_terms (channel_id, term, kind, created_by) values (${channel.id}, 'badword', 'word', ${channel.ownerUserId})`;
    const guest = await joinGuest(server, channel.slug);
    const error = await refused(channel, guest, 'you are a badword', 422, 'BLOCKED_TERM');
    expect(JSON.stringify(error)).not.toContain('badword');
    await refused(channel, guest, 'you are a BAD\u200Bword', 422, 'BLOCKED_TERM');
    await say(server, channel.slug, guest, 'you are a good word');
  });

  it('reports a ban before anything about the text, and a blocked term before slow mode', async () => {
    const channel = await makeChannel(server);
    await server.app
      .sql`insert into blocked_terms (channel_id, term, kind, created_by) values (${channel.id}, 'badword', 'word', ${channel.ownerUserId})`;
    await settings(channel, { slowModeSeconds: 60 });
    const guest = await joinGuest(server, channel.slug);
    await say(server, channel.slug, guest, 'first');
    await refused(channel, guest, 'badword', 422, 'BLOCKED_TERM');
    await ban(channel, guest, null);
    await refused(channel, guest, '\u200B', 403, 'BANNED');
    await refused(channel, guest, 'https://example.org badword', 403, 'BANNED');
  });
});

describe('slow mode', () => {
  async function slowChannel(seconds: number) {
    const channel = await makeChannel(server);
    await settings(channel, { slowModeSeconds: seconds });
    return channel;
  }

  it('refuses a second message within the interval and says how long to wait', async () => {
    const channel = await slowChannel(30);
    const guest = await joinGuest(server, channel.slug);
    await say(server, channel.slug, guest, 'first');
    const error = await refused(channel, guest, 'second', 429, 'SLOW_MODE');
    const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(30);
    // Another viewer is not held back by it.
    await say(server, channel.slug, await joinGuest(server, channel.slug), 'me too');
  });

  it('lets the viewer send again once the interval has passed', async () => {
    const channel = await slowChannel(30);
    const guest = await joinGuest(server, channel.slug);
    await say(server, channel.slug, guest, 'first');
    await server.app.sql`update viewers set last_message_at = last_message_at - interval '31 seconds' where id = ${guest.viewerId}`;
    await say(server, channel.slug, guest, 'second');
  });

  it('does not hold back the streamer and moderators', async () => {
    const channel = await slowChannel(60);
    const streamer = await joinAccount(server, channel.slug, channel.owner);
    const moderator = await makeModerator(server, channel);
    for (const chatter of [streamer, streamer, moderator, moderator]) await say(server, channel.slug, chatter, 'staff message');
  });

  it('lets exactly one of two simultaneous messages through', async () => {
    const channel = await slowChannel(30);
    const guest = await joinGuest(server, channel.slug);
    const answers = await Promise.all([
      sendText(server, channel.slug, guest, 'racing one'),
      sendText(server, channel.slug, guest, 'racing two'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 429]);
    const [count] = await server.app.sql<{ n: number }[]>`select count(*)::int as n from chat_messages where viewer_id = ${guest.viewerId}`;
    expect(count?.n).toBe(1);
    expect((await eventsOf(server, channel.id)).filter((e) => e.type === 'chat.message')).toHaveLength(1);
  });

  it('is not started by a refused message', async () => {
    const channel = await slowChannel(30);
    const guest = await joinGuest(server, channel.slug);
    await refused(channel, guest, 'https://spam.example.org', 422, 'LINKS_NOT_ALLOWED');
    await say(server, channel.slug, guest, 'a proper first message');
  });
});

describe('flood limits', () => {
  it('refuses a viewer past 5 messages in 10 seconds', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    for (let i = 1; i <= 5; i++) await say(server, channel.slug, guest, `message ${i}`);
    const error = await refused(channel, guest, 'message 6', 429, 'RATE_LIMITED');
    expect((error.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('does not count refused messages', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    for (let i = 1; i <= 5; i++) await refused(channel, guest, `spam${i}.com`, 422, 'LINKS_NOT_ALLOWED');
    for (let i = 1; i <= 5; i++) await say(server, channel.slug, guest, `message ${i}`);
  });

  it('refuses an address past 20 messages in 10 seconds, whatever the identity', async () => {
    const channel = await makeChannel(server);
    const ip = freshIp();
    const guests = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => ({ ...(await joinGuest(server, channel.slug, `same-ip-${n}`)), ip })),
    );
    for (const guest of guests.slice(0, 4))
      for (let i = 0; i < 5; i++) await say(server, channel.slug, guest, `from ${guest.identity.viewer.displayName}`);
    const fifth = guests[4] as Chatter;
    await refused(channel, fifth, 'one more', 429, 'RATE_LIMITED');
    await say(server, channel.slug, { ...fifth, ip: freshIp() }, 'from elsewhere');
  });
});
