import type { ChatMessage } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import { CHAT_SERVER_ENV, call, eventsOf, joinGuest, makeChannel, ok, sendText } from './chat-test-kit';

const server = useTestServer(CHAT_SERVER_ENV);

/**
 * Many viewers sending to one channel at the same moment: their sends are written in batches (one
 * transaction for the sends that queued while the previous one committed). Every send must still
 * be answered as it would be alone — stored with its own sequence and event, or refused with its
 * own reason — and the log must stay gapless and in the order of the stored sequences.
 */
describe('a burst of sends to one channel', () => {
  it('stores each accepted send with its own event, refuses each refused one with its reason, and batches them', async () => {
    const channel = await makeChannel(server);
    await server.app
      .sql`insert into blocked_terms (channel_id, term, kind, created_by) values (${channel.id}, 'badword', 'word', ${channel.ownerUserId})`;
    const guests = await Promise.all(Array.from({ length: 30 }, (_, index) => joinGuest(server, channel.slug, `Burst ${index}`)));
    const banned = guests[7];
    if (!banned) throw new Error('no guest 7');
    await server.app.sql`
      insert into bans (channel_id, viewer_id, reason, created_by) values (${channel.id}, ${banned.viewerId}, 'test', ${channel.ownerUserId})`;
    const headBefore = (await eventsOf(server, channel.id)).at(-1)?.seq ?? 0;

    const textOf = (index: number) => (index === 13 ? 'a badword here' : index === 21 ? '\u200B' : `burst message ${index}`);
    const answers = await Promise.all(guests.map((guest, index) => sendText(server, channel.slug, guest, textOf(index))));

    const answerOf = (index: number) => {
      const answer = answers[index];
      if (!answer) throw new Error(`no answer ${index}`);
      return answer;
    };
    expectError(answerOf(7), 403, 'BANNED');
    expectError(answerOf(13), 422, 'BLOCKED_TERM');
    expectError(answerOf(21), 422, 'MESSAGE_EMPTY');
    const stored = answers
      .map((answer, index) => ({ answer, index }))
      .filter(({ index }) => ![7, 13, 21].includes(index))
      .map(({ answer, index }) => ({ index, message: ok<ChatMessage>(answer, 201) }));
    expect(stored).toHaveLength(27);
    for (const { index, message } of stored) {
      expect(message.text).toBe(textOf(index));
      expect(message.author.viewerId).toBe(guests[index]?.viewerId);
    }

    // One sequence each, no gaps, every one announced by its own chat.message event in that order.
    const seqs = stored.map(({ message }) => message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 27 }, (_, offset) => headBefore + 1 + offset));
    const events = await eventsOf(server, channel.id, headBefore);
    expect(events.map((event) => event.seq)).toEqual(seqs);
    const bySeq = new Map(stored.map(({ message }) => [message.seq, message]));
    for (const event of events) {
      expect(event.type).toBe('chat.message');
      expect(event.data).toEqual(bySeq.get(event.seq));
    }
    // The history reads the same messages back.
    const history = ok<{ messages: ChatMessage[] }>(await call(server, 'GET', `/channels/${channel.slug}/chat/messages?limit=50`));
    expect(history.messages.map((message) => message.seq)).toEqual(seqs);

    // Sends written in one transaction share its clock (to the microsecond, as stored): fewer distinct times than
    // messages means batches formed. Written one per transaction, every message would have a time of its own.
    const [clocks] = await server.app.sql<{ times: number }[]>`
      select count(distinct created_at)::int as times from chat_messages where channel_id = ${channel.id}`;
    expect(clocks?.times).toBeLessThan(stored.length);
  });

  it("keeps one viewer's messages in the order sent and each counted by slow mode", async () => {
    const channel = await makeChannel(server);
    ok(await call(server, 'PATCH', `/channels/${channel.slug}/chat/settings`, { token: channel.owner, json: { slowModeSeconds: 30 } }));
    const others = await Promise.all(Array.from({ length: 8 }, () => joinGuest(server, channel.slug)));
    const viewer = await joinGuest(server, channel.slug, 'Eager');

    const [own, ...rest] = await Promise.all([
      Promise.all([1, 2, 3].map((n) => sendText(server, channel.slug, viewer, `mine ${n}`))),
      ...others.map((guest) => sendText(server, channel.slug, guest, 'hi')),
    ]);
    for (const answer of rest) ok(answer as Awaited<ReturnType<typeof sendText>>, 201);
    // Slow mode lets exactly one of the viewer's three through, however they were grouped.
    const accepted = (own ?? []).filter((answer) => answer.status === 201);
    expect(accepted).toHaveLength(1);
    for (const answer of (own ?? []).filter((candidate) => candidate.status !== 201)) expectError(answer, 429, 'SLOW_MODE');
  });
});
