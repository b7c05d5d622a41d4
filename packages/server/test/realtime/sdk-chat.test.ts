import {
  AuthenticationError,
  type ChannelConnection,
  type ChannelEventOf,
  type ChatIdentity,
  RateLimitError,
  type TipchatClient,
  ValidationError,
} from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { channelWithStreamer } from '../support/accounts';
import { caught } from '../support/errors';
import { closedAfterEach, eventually } from '../support/realtime';
import { useTestServer } from '../support/server';
import { record } from './recorder';

const server = useTestServer({ RELAY_SWEEP_MS: '100' });
const open = closedAfterEach<ChannelConnection>();
let channels = 0;

/** Each test chats in a channel of its own (one per account), so slow mode or a clear never leaks between tests. */
const channel = () => channelWithStreamer(server, { slug: `sdk-chat-${++channels}`, displayName: `Chat ${channels}` });

async function guest(
  slug: string,
  displayName: string,
): Promise<{ client: TipchatClient; identity: ChatIdentity; conn: ChannelConnection }> {
  const client = server.client();
  const identity = await client.chat.join(slug, { displayName });
  const conn = client.realtime(slug);
  open.push(conn);
  await conn.connect();
  return { client, identity, conn };
}

describe('chat over a realtime connection', () => {
  it('acknowledges a send with the stored message, which every connection then receives with the same sequence', async () => {
    const { slug } = await channel();
    const alice = await guest(slug, 'Alice');
    const bob = await guest(slug, 'Bob');
    expect(alice.conn.ready).toMatchObject({ role: 'viewer', viewerId: alice.identity.viewer.id });
    const toAlice: ChannelEventOf<'chat.message'>[] = [];
    alice.conn.on('chat.message', (event) => toAlice.push(event));
    const toBob = record(bob.conn);

    const message = await alice.conn.chat.send('hello, chat');
    expect(message).toMatchObject({
      text: 'hello, chat',
      author: { viewerId: alice.identity.viewer.id, displayName: 'Alice', kind: 'guest', role: 'viewer' },
    });
    const history = await bob.client.chat.history(slug);
    expect(history.messages).toEqual([message]);

    await eventually(() => expect(toAlice.map((e) => e.data)).toEqual([message]));
    expect(toAlice[0]?.seq).toBe(message.seq);
    await eventually(() => expect(toBob.events).toEqual(toAlice));
  });

  it('rejects a refused send with the typed error of its code, and stores nothing', async () => {
    const { slug } = await channel();
    const alice = await guest(slug, 'Alice');
    const got = record(alice.conn);

    const empty = await caught(alice.conn.chat.send(' \u200B\u200B '));
    expect(empty).toBeInstanceOf(ValidationError);
    expect(empty).toMatchObject({ code: 'MESSAGE_EMPTY', status: 422 });
    const long = await caught(alice.conn.chat.send('😀'.repeat(201)));
    expect(long).toBeInstanceOf(ValidationError);
    expect(long).toMatchObject({ code: 'MESSAGE_TOO_LONG', status: 422 });
    const malformed = await caught(alice.conn.chat.send(''));
    expect(malformed).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });

    expect((await alice.client.chat.history(slug)).messages).toEqual([]);
    const fine = await alice.conn.chat.send('now something');
    await eventually(() => expect(got.events.map((e) => e.data)).toEqual([fine]));
  });

  it('refuses sends from a connection that has not joined the chat', async () => {
    const { slug } = await channel();
    const anonymous = server.client().realtime(slug);
    open.push(anonymous);
    expect((await anonymous.connect()).role).toBe('anonymous');
    const error = await caught(anonymous.chat.send('hi'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a send on a closed connection without sending it', async () => {
    const { slug } = await channel();
    const alice = await guest(slug, 'Alice');
    alice.conn.close();
    expect(await caught(alice.conn.chat.send('hi'))).toMatchObject({ code: 'CONNECTION_CLOSED', status: 0 });
    expect((await alice.client.chat.history(slug)).messages).toEqual([]);
  });

  it('delivers settings, deletes, pins, unpins and clears as typed events, and slow mode refuses with SLOW_MODE', async () => {
    const { slug, owner } = await channel();
    const alice = await guest(slug, 'Alice');
    const got = record(alice.conn);

    const first = await alice.conn.chat.send('first');
    const second = await alice.client.chat.send(slug, 'second, over REST with the guest token from join');
    await owner.chat.pin(slug, second.id);
    await owner.chat.unpin(slug);
    await alice.client.chat.delete(slug, first.id);
    const settings = await owner.chat.updateSettings(slug, { slowModeSeconds: 60 });
    expect(settings.slowModeSeconds).toBe(60);
    expect(await alice.client.chat.settings(slug)).toEqual(settings);
    await owner.chat.clear(slug);

    const slow = await caught(alice.conn.chat.send('third'));
    expect(slow).toBeInstanceOf(RateLimitError);
    expect(slow).toMatchObject({ code: 'SLOW_MODE', status: 429 });

    await eventually(() =>
      expect(got.events.map((e) => [e.type, e.data])).toEqual([
        ['chat.message', first],
        ['chat.message', second],
        ['chat.pinned', { message: second }],
        ['chat.unpinned', { messageId: second.id }],
        ['chat.message_deleted', { messageId: first.id }],
        ['chat.settings_updated', settings],
        ['chat.cleared', {}],
      ]),
    );
    expect((await alice.client.chat.history(slug)).messages).toEqual([]);
  });

  it('pages chat history backwards with the cursor', async () => {
    const { slug, owner } = await channel();
    const alice = await guest(slug, 'Alice');
    const bob = await guest(slug, 'Bob');
    const sent = [];
    for (const [who, text] of [
      [alice, 'one'],
      [bob, 'two'],
      [alice, 'three'],
      [bob, 'four'],
      [alice, 'five'],
    ] as const) {
      sent.push(await who.conn.chat.send(text));
    }
    const newest = await owner.chat.history(slug, { limit: 2 });
    expect(newest.messages.map((m) => m.text)).toEqual(['four', 'five']);
    const older = await owner.chat.history(slug, { limit: 2, before: newest.nextCursor ?? undefined });
    expect(older.messages.map((m) => m.text)).toEqual(['two', 'three']);
    const oldest = await owner.chat.history(slug, { limit: 2, before: older.nextCursor ?? undefined });
    expect(oldest).toMatchObject({ messages: [sent[0]], nextCursor: null });
  });
});
