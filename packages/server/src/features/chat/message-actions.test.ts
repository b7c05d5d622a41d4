import type { ChatHistory, ChatMessage } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import {
  CHAT_SERVER_ENV,
  type Channel,
  type Chatter,
  call,
  eventsOf,
  joinAccount,
  joinGuest,
  makeAccount,
  makeChannel,
  makeModerator,
  ok,
  say,
  withoutWrites,
} from './chat-test-kit';

const server = useTestServer(CHAT_SERVER_ENV);

const history = async (slug: string) => ok<ChatHistory>(await call(server, 'GET', `/channels/${slug}/chat/messages`));
const remove = (channel: Channel, token: string | undefined, id: string) =>
  call(server, 'DELETE', `/channels/${channel.slug}/chat/messages/${id}`, { token });
const pin = (channel: Channel, token: string | undefined, messageId: string) =>
  call(server, 'POST', `/channels/${channel.slug}/chat/pin`, { token, json: { messageId } });
const unpin = (channel: Channel, token: string | undefined) => call(server, 'DELETE', `/channels/${channel.slug}/chat/pin`, { token });
const clear = (channel: Channel, token: string | undefined) => call(server, 'POST', `/channels/${channel.slug}/chat/clear`, { token });

async function audit(channel: Channel) {
  return server.app.sql<{ action: string; actorUserId: string; targetViewerId: string | null; details: Record<string, unknown> }[]>`
    select action, actor_user_id, target_viewer_id, details from moderation_log where channel_id = ${channel.id} order by id`;
}

/** The channel's events after `after`, as type and payload. */
async function eventsSince(channel: Channel, after: number) {
  return (await eventsOf(server, channel.id, after)).map(({ type, data, visibility }) => ({ type, data, visibility }));
}

const head = async (channel: Channel) => (await eventsOf(server, channel.id)).at(-1)?.seq ?? 0;

interface Room {
  channel: Channel;
  guest: Chatter;
  other: Chatter;
  moderator: Chatter & { userId: string };
  message: ChatMessage;
}

async function room(): Promise<Room> {
  const channel = await makeChannel(server);
  const guest = await joinGuest(server, channel.slug);
  const other = await joinGuest(server, channel.slug);
  const moderator = await makeModerator(server, channel);
  const message = await say(server, channel.slug, guest, 'a message');
  return { channel, guest, other, moderator, message };
}

describe('deleting a message', () => {
  it('lets the author delete their own, without an audit entry', async () => {
    const { channel, guest, message } = await room();
    const after = await head(channel);
    expect(ok(await remove(channel, guest.token, message.id))).toEqual({ ok: true });
    expect((await history(channel.slug)).messages).toEqual([]);
    const [row] = await server.app.sql<
      { deletedAt: Date | null; deletedBy: string | null }[]
    >`select deleted_at, deleted_by from chat_messages where id = ${message.id}`;
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect(row?.deletedBy).toBeNull();
    expect(await eventsSince(channel, after)).toEqual([
      { type: 'chat.message_deleted', data: { messageId: message.id }, visibility: 'public' },
    ]);
    expect(await audit(channel)).toEqual([]);
  });

  it("refuses another viewer's message", async () => {
    const { channel, other, message } = await room();
    const account = await joinAccount(server, channel.slug, (await makeAccount(server)).token);
    await withoutWrites(server, channel.id, async () => {
      expectError(await remove(channel, other.token, message.id), 403, 'FORBIDDEN');
      expectError(await remove(channel, account.token, message.id), 403, 'FORBIDDEN');
      expectError(await remove(channel, undefined, message.id), 401, 'UNAUTHENTICATED');
    });
  });

  it("lets a moderator delete anyone's message, and records it", async () => {
    const { channel, guest, moderator, message } = await room();
    ok(await remove(channel, moderator.token, message.id));
    const [row] = await server.app.sql<{ deletedBy: string | null }[]>`select deleted_by from chat_messages where id = ${message.id}`;
    expect(row?.deletedBy).toBe(moderator.userId);
    expect(await audit(channel)).toEqual([
      {
        action: 'message.deleted',
        actorUserId: moderator.userId,
        targetViewerId: guest.viewerId,
        details: { messageId: message.id, text: 'a message' },
      },
    ]);
  });

  it('lets the streamer delete messages without joining the chat', async () => {
    const { channel, message } = await room();
    ok(await remove(channel, channel.owner, message.id));
    expect((await audit(channel)).map((e) => e.action)).toEqual(['message.deleted']);
  });

  it('answers NOT_FOUND for an unknown id, a deleted message and a message of another channel', async () => {
    const { channel, guest, message } = await room();
    const elsewhere = await room();
    await withoutWrites(server, channel.id, async () => {
      expectError(await remove(channel, channel.owner, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectError(await remove(channel, channel.owner, elsewhere.message.id), 404, 'NOT_FOUND');
    });
    expectError(await remove(elsewhere.channel, elsewhere.channel.owner, message.id), 404, 'NOT_FOUND');
    ok(await remove(channel, guest.token, message.id));
    await withoutWrites(server, channel.id, async () => expectError(await remove(channel, guest.token, message.id), 404, 'NOT_FOUND'));
    expect((await history(elsewhere.channel.slug)).messages).toEqual([elsewhere.message]);
  });

  it('refuses an id that is not a UUID', async () => {
    const { channel } = await room();
    expectError(await remove(channel, channel.owner, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
  });

  it('unpins the message it deletes', async () => {
    const { channel, guest, moderator, message } = await room();
    ok(await pin(channel, moderator.token, message.id));
    const after = await head(channel);
    ok(await remove(channel, guest.token, message.id));
    expect(await eventsSince(channel, after)).toEqual([
      { type: 'chat.message_deleted', data: { messageId: message.id }, visibility: 'public' },
      { type: 'chat.unpinned', data: { messageId: message.id }, visibility: 'public' },
    ]);
    expect((await history(channel.slug)).pinned).toBeNull();
  });
});

describe('pinning', () => {
  it('pins a message for everyone and records it', async () => {
    const { channel, guest, moderator, message } = await room();
    const after = await head(channel);
    expect(ok<ChatMessage>(await pin(channel, moderator.token, message.id))).toEqual(message);
    expect((await history(channel.slug)).pinned).toEqual(message);
    expect(await eventsSince(channel, after)).toEqual([{ type: 'chat.pinned', data: { message }, visibility: 'public' }]);
    expect(await audit(channel)).toEqual([
      { action: 'message.pinned', actorUserId: moderator.userId, targetViewerId: guest.viewerId, details: { messageId: message.id } },
    ]);
  });

  it('keeps one pinned message: a new pin replaces the old one', async () => {
    const { channel, other, message } = await room();
    const second = await say(server, channel.slug, other, 'pin me instead');
    ok(await pin(channel, channel.owner, message.id));
    ok(await pin(channel, channel.owner, second.id));
    expect((await history(channel.slug)).pinned).toEqual(second);
    const [row] = await server.app.sql<
      { pinnedMessageId: string }[]
    >`select pinned_message_id from chat_settings where channel_id = ${channel.id}`;
    expect(row?.pinnedMessageId).toBe(second.id);
  });

  it('changes nothing when the message is pinned already', async () => {
    const { channel, message } = await room();
    ok(await pin(channel, channel.owner, message.id));
    await withoutWrites(server, channel.id, async () => expect(ok(await pin(channel, channel.owner, message.id))).toEqual(message));
  });

  it('is for the streamer and moderators only', async () => {
    const { channel, guest, message } = await room();
    await withoutWrites(server, channel.id, async () => {
      expectError(await pin(channel, guest.token, message.id), 403, 'FORBIDDEN');
      expectError(await pin(channel, undefined, message.id), 401, 'UNAUTHENTICATED');
      expectError(await unpin(channel, guest.token), 403, 'FORBIDDEN');
      expectError(await unpin(channel, undefined), 401, 'UNAUTHENTICATED');
    });
  });

  it("refuses an unknown, deleted or other channel's message", async () => {
    const { channel, guest } = await room();
    const elsewhere = await room();
    const deleted = await say(server, channel.slug, guest, 'soon gone');
    ok(await remove(channel, guest.token, deleted.id));
    await withoutWrites(server, channel.id, async () => {
      expectError(await pin(channel, channel.owner, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectError(await pin(channel, channel.owner, elsewhere.message.id), 404, 'NOT_FOUND');
      expectError(await pin(channel, channel.owner, deleted.id), 404, 'NOT_FOUND');
    });
  });

  it('unpins, and records it; unpinning with nothing pinned is a no-op', async () => {
    const { channel, moderator, message } = await room();
    ok(await pin(channel, moderator.token, message.id));
    const after = await head(channel);
    expect(ok(await unpin(channel, moderator.token))).toEqual({ ok: true });
    expect((await history(channel.slug)).pinned).toBeNull();
    expect(await eventsSince(channel, after)).toEqual([{ type: 'chat.unpinned', data: { messageId: message.id }, visibility: 'public' }]);
    expect((await audit(channel)).map((e) => e.action)).toEqual(['message.pinned', 'message.unpinned']);
    await withoutWrites(server, channel.id, async () => expect(ok(await unpin(channel, moderator.token))).toEqual({ ok: true }));
  });
});

describe('clearing the chat', () => {
  it('empties history for everyone; later messages show as usual', async () => {
    const { channel, guest, moderator, message } = await room();
    ok(await pin(channel, moderator.token, message.id));
    const after = await head(channel);
    expect(ok(await clear(channel, moderator.token))).toEqual({ ok: true });
    expect(await history(channel.slug)).toEqual({ messages: [], nextCursor: null, pinned: null });
    const events = await eventsSince(channel, after);
    expect(events).toEqual([
      { type: 'chat.unpinned', data: { messageId: message.id }, visibility: 'public' },
      { type: 'chat.cleared', data: {}, visibility: 'public' },
    ]);
    expect((await audit(channel)).map((e) => e.action)).toEqual(['message.pinned', 'chat.cleared']);

    await server.app.sql`update viewers set last_message_at = null where id = ${guest.viewerId}`;
    const fresh = await say(server, channel.slug, guest, 'after the clear');
    expect(await history(channel.slug)).toEqual({ messages: [fresh], nextCursor: null, pinned: null });
    // A cleared message is gone from every view: it cannot be pinned back.
    expectError(await pin(channel, moderator.token, message.id), 404, 'NOT_FOUND');
  });

  it('pages stop at the last clear', async () => {
    const { channel, guest, other } = await room();
    ok(await clear(channel, channel.owner));
    const kept = [
      await say(server, channel.slug, other, 'one'),
      await say(server, channel.slug, other, 'two'),
      await say(server, channel.slug, guest, 'three'),
    ];
    const first = ok<ChatHistory>(await call(server, 'GET', `/channels/${channel.slug}/chat/messages?limit=2`));
    expect(first.messages).toEqual(kept.slice(1));
    const second = ok<ChatHistory>(await call(server, 'GET', `/channels/${channel.slug}/chat/messages?limit=2&before=${first.nextCursor}`));
    expect(second).toEqual({ messages: kept.slice(0, 1), nextCursor: null, pinned: null });
  });

  it('is for the streamer and moderators only', async () => {
    const { channel, guest, message } = await room();
    await withoutWrites(server, channel.id, async () => {
      expectError(await clear(channel, guest.token), 403, 'FORBIDDEN');
      expectError(await clear(channel, undefined), 401, 'UNAUTHENTICATED');
    });
    expect((await history(channel.slug)).messages).toEqual([message]);
  });
});

describe('events of chat actions', () => {
  it('carry strictly increasing sequence numbers without gaps', async () => {
    const { channel, guest, moderator, message } = await room();
    ok(await pin(channel, moderator.token, message.id));
    await say(server, channel.slug, moderator, 'staff note');
    ok(await remove(channel, guest.token, message.id));
    ok(await clear(channel, channel.owner));
    const seqs = (await eventsOf(server, channel.id)).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect((await eventsOf(server, channel.id)).map((e) => e.type)).toEqual([
      'chat.message',
      'chat.pinned',
      'chat.message',
      'chat.message_deleted',
      'chat.unpinned',
      'chat.cleared',
    ]);
  });
});
