import type { ChatHistory, ChatMessage } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { expectError, expectValidation } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import { CHAT_SERVER_ENV, type Channel, type Chatter, call, joinGuest, makeChannel, ok, say } from './chat-test-kit';

const server = useTestServer(CHAT_SERVER_ENV);

const history = async (slug: string, query = '') => ok<ChatHistory>(await call(server, 'GET', `/channels/${slug}/chat/messages${query}`));

/** `count` messages from a few guests (each stays under the per-viewer flood limit). */
async function chatter(channel: Channel, count: number, label = 'm'): Promise<ChatMessage[]> {
  const guests: Chatter[] = [];
  for (let i = 0; i < Math.ceil(count / 5); i++) guests.push(await joinGuest(server, channel.slug));
  const sent: ChatMessage[] = [];
  for (let i = 0; i < count; i++) sent.push(await say(server, channel.slug, guests[Math.floor(i / 5)] as Chatter, `${label}${i}`));
  return sent;
}

/** Follows nextCursor to the start of the chat, oldest page last. */
async function allPages(slug: string, limit: number, between?: () => Promise<unknown>): Promise<ChatHistory[]> {
  const pages = [await history(slug, `?limit=${limit}`)];
  for (let next = pages[0]?.nextCursor; next !== null && next !== undefined; next = pages.at(-1)?.nextCursor) {
    await between?.();
    pages.push(await history(slug, `?limit=${limit}&before=${next}`));
  }
  return pages;
}

describe('chat history', () => {
  it('is empty for a new channel, with no cursor and nothing pinned', async () => {
    const channel = await makeChannel(server);
    expect(await history(channel.slug)).toEqual({ messages: [], nextCursor: null, pinned: null });
  });

  it('gives the newest messages, oldest first, to anyone', async () => {
    const channel = await makeChannel(server);
    const sent = await chatter(channel, 3);
    expect(await history(channel.slug)).toEqual({ messages: sent, nextCursor: null, pinned: null });
  });

  it('pages back to the start without gaps or repeats', async () => {
    const channel = await makeChannel(server);
    const sent = await chatter(channel, 12);
    const pages = await allPages(channel.slug, 5);
    expect(pages.map((p) => p.messages.length)).toEqual([5, 5, 2]);
    expect(pages[0]?.nextCursor).toBe(sent[7]?.seq);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(pages.reverse().flatMap((p) => p.messages)).toEqual(sent);
  });

  it('keeps its cursors stable while new messages arrive', async () => {
    const channel = await makeChannel(server);
    const sent = await chatter(channel, 9, 'old');
    const later: ChatMessage[] = [];
    const pages = await allPages(channel.slug, 4, async () => later.push(...(await chatter(channel, 3, 'new'))));
    expect(pages.reverse().flatMap((p) => p.messages)).toEqual(sent);
    expect(later).toHaveLength(6);
    // A fresh first page starts from the newest.
    expect((await history(channel.slug, '?limit=6')).messages).toEqual(later);
  });

  it('has no next cursor when the page holds exactly the rest', async () => {
    const channel = await makeChannel(server);
    await chatter(channel, 4);
    expect((await history(channel.slug, '?limit=4')).nextCursor).toBeNull();
  });

  it('leaves out deleted messages', async () => {
    const channel = await makeChannel(server);
    const guest = await joinGuest(server, channel.slug);
    const [keep, drop] = [await say(server, channel.slug, guest, 'keep'), await say(server, channel.slug, guest, 'drop')];
    ok(await call(server, 'DELETE', `/channels/${channel.slug}/chat/messages/${drop.id}`, { token: guest.token }));
    expect((await history(channel.slug)).messages).toEqual([keep]);
  });

  it('refuses bad cursors and limits', async () => {
    const channel = await makeChannel(server);
    expectValidation(await call(server, 'GET', `/channels/${channel.slug}/chat/messages?limit=0`), ['querystring.limit']);
    expectValidation(await call(server, 'GET', `/channels/${channel.slug}/chat/messages?limit=101`), ['querystring.limit']);
    expectValidation(await call(server, 'GET', `/channels/${channel.slug}/chat/messages?before=abc`), ['querystring.before']);
    expectValidation(await call(server, 'GET', `/channels/${channel.slug}/chat/messages?before=-1`), ['querystring.before']);
    expectValidation(await call(server, 'GET', `/channels/${channel.slug}/chat/messages?after=1`), ['querystring']);
  });

  it('answers NOT_FOUND for a channel that does not exist', async () => {
    expectError(await call(server, 'GET', '/channels/no-such-channel/chat/messages'), 404, 'NOT_FOUND');
  });
});
