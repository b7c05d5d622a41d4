import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/connection';
import type { ChannelInfo } from '../../src/features/access/channel-access';
import { CHAT_SERVER_ENV, type Chatter, joinGuest, makeChannel } from '../../src/features/chat/chat-test-kit';
import { BatchConflict, type SendOutcome, type SendRequest, settleBatch, writeSendBatch } from '../../src/features/chat/send-batch';
import type { Queued } from '../../src/features/chat/send-queue';
import { EventLog } from '../../src/realtime/event-log';
import { createTestDatabase } from '../support/database';
import { startedForSuite } from '../support/per-suite';
import { eventually } from '../support/realtime';
import { startTestServer } from '../support/server';

/**
 * A batch of chat sends reads its checks before it takes the channel lock. Whatever commits in between — here a ban
 * of one of the senders, committed by the transaction that held the lock — must be seen under the lock: the batch
 * rolls back whole (nothing written, no slow-mode clock moved) and its sends are written one by one, where the
 * banned one is refused. Only real Postgres can hold the lock in one transaction while the batch waits in another.
 */
const testDatabase = startedForSuite(
  () => createTestDatabase(),
  (db) => db.drop(),
);
const server = startedForSuite(
  () => startTestServer(CHAT_SERVER_ENV, testDatabase),
  (started) => started.close(),
);
let database: Database;
let locker: postgres.Sql;

beforeAll(async () => {
  const config = testDatabase.config;
  if (config.kind !== 'postgres') throw new Error('this suite runs on Postgres only');
  database = await openDatabase(config);
  locker = postgres(config.url, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await locker?.end();
  await database?.close();
});

describe('a chat batch that meets a conflict under the channel lock', () => {
  it('rolls back whole when a sender was banned between its reads and its lock', async () => {
    const channel = await makeChannel(server);
    const guests = await Promise.all([1, 2, 3].map((n) => joinGuest(server, channel.slug, `Conflict ${n}`)));
    const [, victim] = guests as [Chatter, Chatter, Chatter];
    const info: ChannelInfo = { id: channel.id, ownerId: channel.ownerUserId, slug: channel.slug };
    const requests: SendRequest[] = guests.map((guest, index) => ({
      channel: info,
      viewerId: guest.viewerId,
      raw: `hello ${index}`,
      sent: null,
    }));
    const log = new EventLog(database.sql, { wake: () => {} });

    let batch: Promise<unknown> | undefined;
    await locker.begin(async (tx) => {
      await tx`select id from channels where id = ${channel.id} for no key update`;
      batch = writeSendBatch(log, info, requests).catch((error: unknown) => error);
      // The batch has read and now waits for the lock this transaction holds.
      await waitingForLock(tx);
      await tx`
        insert into bans (channel_id, viewer_id, reason, created_by)
        values (${channel.id}, ${victim.viewerId}, 'banned meanwhile', ${channel.ownerUserId})`;
    });

    expect(await batch).toBeInstanceOf(BatchConflict);
    const [after] = await database.sql<{ messages: number; stamped: number; head: number }[]>`
      select (select count(*)::int from chat_messages where channel_id = ${channel.id}) as messages,
        (select count(*)::int from viewers where channel_id = ${channel.id} and last_message_at is not null) as stamped,
        (select last_event_seq from channels where id = ${channel.id}) as head`;
    expect(after).toMatchObject({ messages: 0, stamped: 0 });
  });

  it('answers every send of such a batch on its own, written one by one: the banned one refused, the others stored', async () => {
    const channel = await makeChannel(server);
    const guests = await Promise.all([1, 2, 3].map((n) => joinGuest(server, channel.slug, `Fallback ${n}`)));
    const [, victim] = guests as [Chatter, Chatter, Chatter];
    const info: ChannelInfo = { id: channel.id, ownerId: channel.ownerUserId, slug: channel.slug };
    const log = new EventLog(database.sql, { wake: () => {} });
    const answers: Array<Promise<SendOutcome>> = [];
    const batch: Queued<SendRequest, SendOutcome>[] = guests.map((guest, index) => {
      const request: SendRequest = { channel: info, viewerId: guest.viewerId, raw: `hello ${index}`, sent: null };
      let queued: Queued<SendRequest, SendOutcome> | undefined;
      const answer = new Promise<SendOutcome>((resolve, reject) => {
        queued = { request, resolve, reject };
      });
      // Read with allSettled below; a refusal settled before then is not unhandled.
      answer.catch(() => {});
      answers.push(answer);
      return queued as Queued<SendRequest, SendOutcome>;
    });
    const writtenAlone: string[] = [];
    // Alone, each send is written as the service's single path would after a conflict: here, the batch path with one
    // send, which reads after the ban committed and refuses the victim with the ban's own error.
    const alone = async (request: SendRequest): Promise<SendOutcome> => {
      writtenAlone.push(request.viewerId);
      const [outcome] = await writeSendBatch(log, info, [request]);
      if (!outcome) throw new Error('no outcome');
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    };

    let settled: Promise<void> | undefined;
    await locker.begin(async (tx) => {
      await tx`select id from channels where id = ${channel.id} for no key update`;
      settled = settleBatch(batch, { together: (target, requests) => writeSendBatch(log, target, requests), alone });
      await waitingForLock(tx);
      await tx`
        insert into bans (channel_id, viewer_id, reason, created_by)
        values (${channel.id}, ${victim.viewerId}, 'banned meanwhile', ${channel.ownerUserId})`;
    });
    await settled;

    expect(writtenAlone).toEqual(guests.map((guest) => guest.viewerId));
    const [first, refused, third] = await Promise.allSettled(answers);
    expect(first).toMatchObject({ status: 'fulfilled', value: { stored: true, message: { text: 'hello 0' } } });
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'BANNED' } });
    expect(third).toMatchObject({ status: 'fulfilled', value: { stored: true, message: { text: 'hello 2' } } });
  });
});

/**
 * Until another connection waits for a lock the transaction `q` holds (the batch, for the channel). Asked of the lock
 * manager alone: pg_stat_activity is read once per transaction, so polling it from inside `q` never sees a connection
 * the pool opened after the first poll (this test timed out that way on a loaded machine).
 */
async function waitingForLock(q: postgres.TransactionSql): Promise<void> {
  await eventually(async () => {
    const [waiting] = await q<{ n: number }[]>`
      select count(*)::int as n from pg_locks l
      where not l.granted and pg_backend_pid() = any (pg_blocking_pids(l.pid))`;
    expect(waiting?.n).toBeGreaterThan(0);
  });
}
