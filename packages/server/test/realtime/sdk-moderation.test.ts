import {
  type ChannelConnection,
  type ChatIdentity,
  type ChatMessage,
  PermissionError,
  type TipchatClient,
  ValidationError,
} from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { channelWithStreamer, signUpVerified, uniqueEmail } from '../support/accounts';
import { caught } from '../support/errors';
import { closedAfterEach, eventually } from '../support/realtime';
import { useTestServer } from '../support/server';
import { range, record } from './recorder';

const server = useTestServer({ RELAY_SWEEP_MS: '100' });
const open = closedAfterEach<ChannelConnection>();
let channels = 0;

interface Member {
  client: TipchatClient;
  identity: ChatIdentity;
  conn: ChannelConnection;
}

/** A channel of its own (one per account) with its streamer and a moderator, both joined to the chat. */
async function channel(): Promise<{ slug: string; owner: TipchatClient; moderator: Member }> {
  const { slug, owner } = await channelWithStreamer(server, {
    slug: `sdk-moderation-${++channels}`,
    displayName: `Moderation ${channels}`,
  });
  const email = uniqueEmail('moderator');
  const modClient = server.client();
  await signUpVerified(modClient, { email, displayName: 'Mo' });
  const appointed = await owner.moderation.addModerator(slug, email);
  expect(appointed).toMatchObject({ email, displayName: 'Mo' });
  return { slug, owner, moderator: await member(modClient, slug) };
}

async function member(client: TipchatClient, slug: string, displayName?: string): Promise<Member> {
  const identity = await client.chat.join(slug, displayName === undefined ? {} : { displayName });
  const conn = client.realtime(slug);
  open.push(conn);
  await conn.connect();
  return { client, identity, conn };
}

const guest = (slug: string, displayName: string) => member(server.client(), slug, displayName);

describe('a channel with two guests and a moderator', () => {
  it('shows every one of them the same events in the same order; the moderator also sees staff events', async () => {
    const { slug, owner, moderator } = await channel();
    const alice = await guest(slug, 'Alice');
    const bob = await guest(slug, 'Bob');
    expect(moderator.conn.ready?.role).toBe('moderator');
    expect(alice.conn.ready?.role).toBe('viewer');
    const start = moderator.conn.lastSeq ?? 0;
    const [toAlice, toBob, toModerator] = [record(alice.conn), record(bob.conn), record(moderator.conn)];

    // Everyone at once: socket sends, a REST send, and staff work interleaved.
    const acked: ChatMessage[] = await Promise.all([
      alice.conn.chat.send('hi from alice'),
      bob.conn.chat.send('hi from bob'),
      moderator.conn.chat.send('welcome, both'),
      moderator.client.chat.send(slug, 'rules: be nice'),
      alice.conn.chat.send('thanks!'),
      bob.conn.chat.send('sure'),
    ]);
    await Promise.all([owner.moderation.addBlockedTerm(slug, { term: 'spoiler' }), moderator.client.chat.pin(slug, acked[3]?.id ?? '')]);
    await moderator.client.chat.delete(slug, acked[1]?.id ?? '');
    await owner.chat.updateSettings(slug, { linksAllowed: false });
    await owner.channels.update(slug, { displayName: 'That is all' });

    const everything = await owner.events.after(slug, start);
    const head = everything.lastSeq;
    await eventually(() => expect(toModerator.seqs()).toEqual(range(start + 1, head)));
    await eventually(() => expect(toAlice.seqs().at(-1)).toBe(head));
    await eventually(() => expect(toBob.seqs().at(-1)).toBe(head));

    expect(toModerator.events).toEqual(everything.events);
    expect(toBob.events).toEqual(toAlice.events);
    expect(toAlice.events).toEqual(toModerator.events.filter((event) => event.type !== 'moderation.changed'));
    expect(toModerator.types()).toContain('moderation.changed');
    expect(toAlice.types().slice(-4)).toEqual(['chat.pinned', 'chat.message_deleted', 'chat.settings_updated', 'channel.updated']);
    // Every acknowledged message is the one delivered under its sequence.
    const delivered = toAlice.events.filter((event) => event.type === 'chat.message').map((event) => event.data);
    expect(delivered).toEqual([...acked].sort((x, y) => x.seq - y.seq));
  });
});

describe('moderation through the SDK', () => {
  it('refuses a banned viewer on their open socket at once, tells everyone, and lets them back after an unban', async () => {
    const { slug, owner, moderator } = await channel();
    const alice = await guest(slug, 'Alice');
    const bob = await guest(slug, 'Bob');
    const toBob = record(bob.conn);
    const said = await alice.conn.chat.send('first');

    const ban = await moderator.client.moderation.ban(slug, {
      viewerId: alice.identity.viewer.id,
      reason: 'spam',
      deleteRecentMessages: true,
    });
    expect(ban).toMatchObject({ viewerId: alice.identity.viewer.id, displayName: 'Alice', reason: 'spam', expiresAt: null });
    const refused = await caught(alice.conn.chat.send('second'));
    expect(refused).toBeInstanceOf(PermissionError);
    expect(refused).toMatchObject({ code: 'BANNED', status: 403 });
    await eventually(() =>
      expect(toBob.events.map((e) => [e.type, e.data])).toEqual([
        ['chat.message', said],
        ['viewer.banned', { viewerId: alice.identity.viewer.id, displayName: 'Alice', expiresAt: null }],
        ['chat.messages_removed', { viewerId: alice.identity.viewer.id, messageIds: [said.id] }],
      ]),
    );
    expect((await owner.moderation.listBans(slug)).map((b) => b.id)).toEqual([ban.id]);
    expect((await owner.chat.history(slug)).messages).toEqual([]);

    await owner.moderation.unban(slug, ban.id);
    expect(await owner.moderation.listBans(slug)).toEqual([]);
    await expect(alice.conn.chat.send('back again')).resolves.toMatchObject({ text: 'back again' });

    const timeout = await owner.moderation.ban(slug, { viewerId: alice.identity.viewer.id, durationSeconds: 600 });
    expect(timeout.expiresAt).not.toBeNull();
    expect(await caught(alice.conn.chat.send('and again'))).toMatchObject({ code: 'TIMED_OUT', status: 403 });
  });

  it('refuses blocked terms over the socket, also behind case and zero-width tricks', async () => {
    const { slug, owner } = await channel();
    const alice = await guest(slug, 'Alice');
    const term = await owner.moderation.addBlockedTerm(slug, { term: 'spoiler' });
    expect(await owner.moderation.listBlockedTerms(slug)).toEqual([term]);

    for (const text of ['big spoiler ahead', 'SPOILER', 'spo\u200Biler']) {
      const error = await caught(alice.conn.chat.send(text));
      expect(error, text).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'BLOCKED_TERM', status: 422 });
    }
    await owner.moderation.removeBlockedTerm(slug, term.id);
    await expect(alice.conn.chat.send('a spoiler, now allowed')).resolves.toMatchObject({ text: 'a spoiler, now allowed' });
  });

  it('lists and removes moderators, and records every action in the audit log', async () => {
    const { slug, owner, moderator } = await channel();
    const [appointed] = await owner.moderation.listModerators(slug);
    expect(appointed?.displayName).toBe('Mo');
    await owner.moderation.addBlockedTerm(slug, { term: 'nope' });
    await owner.moderation.removeModerator(slug, appointed?.userId ?? '');
    expect(await owner.moderation.listModerators(slug)).toEqual([]);
    // The socket was a moderator's: after reconnecting it is a viewer's.
    expect((await moderator.conn.reauthenticate()).role).toBe('viewer');

    const log = await owner.moderation.auditLog(slug);
    expect(log.entries.map((entry) => entry.action)).toEqual(['moderator.removed', 'blocked_term.added', 'moderator.added']);
    const older = await owner.moderation.auditLog(slug, { limit: 1, before: log.entries[0]?.id });
    expect(older.entries.map((entry) => entry.action)).toEqual(['blocked_term.added']);
    expect(await caught(moderator.client.moderation.auditLog(slug))).toBeInstanceOf(PermissionError);
  });
});
