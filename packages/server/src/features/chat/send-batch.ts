import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import type { EventLog } from '../../realtime/event-log';
import type { ChannelInfo } from '../access/channel-access';
import { claimKey } from '../idempotency/store';
import { readBlockedTerms } from '../moderation/checks';
import { postChatMessages } from './post-message';
import { activeBansOfViewers, type CheckedSend, checkSend, readSenders } from './send-checks';
import type { Queued } from './send-queue';
import { firstAnswer, type SendKey } from './send-replay';
import { readChatState } from './settings-service';

export interface SendRequest {
  channel: ChannelInfo;
  viewerId: string;
  raw: string;
  sent: SendKey | null;
}

export interface SendOutcome {
  message: ChatMessage;
  /** False: a retry answered with its key's first message; nothing was written. */
  stored: boolean;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Something committed between a batch's reads and its lock that a send's checks did not see — a
 * ban, another send of the same viewer (slow mode), a duplicate idempotency key. The batch rolls
 * back and its sends are written one by one, where each gets its own precise answer.
 */
export class BatchConflict extends Error {
  override name = 'BatchConflict';
}

interface ToWrite {
  index: number;
  checked: CheckedSend;
  messageId: string;
  sent: SendKey | null;
}

/**
 * Several viewers' sends to one channel in one transaction, the batched form of a single send:
 * the checks' reads for all of them in one round trip (one statement per kind of read, not per
 * send), the channel locked once, every sender's slow-mode clock stamped and every ban re-checked
 * in one statement each, the messages and their events written together. Each send is settled on
 * its own: one refused by a check does not hold back the rest. Anything that changed under the
 * lock throws BatchConflict (the caller falls back to single writes).
 */
export function writeSendBatch(events: EventLog, channel: ChannelInfo, requests: readonly SendRequest[]): Promise<Settled<SendOutcome>[]> {
  return events.transaction(async (tx, log) => {
    const viewerIds = requests.map((request) => request.viewerId);
    const [senders, { settings }, bans, terms, earlier] = await Promise.all([
      readSenders(tx, channel.id, viewerIds),
      readChatState(tx, channel.id),
      activeBansOfViewers(tx, channel.id, viewerIds),
      readBlockedTerms(tx, channel.id),
      Promise.all(requests.map((request) => (request.sent ? settle(firstAnswer(tx, request.sent)) : null))),
    ]);

    const outcomes: Settled<SendOutcome>[] = [];
    const toWrite: ToWrite[] = [];
    requests.forEach((request, index) => {
      const replay = earlier[index];
      if (replay && !replay.ok) outcomes[index] = replay;
      else if (replay?.value) outcomes[index] = { ok: true, value: { message: replay.value, stored: false } };
      else {
        try {
          const checked = checkSend(
            senders.get(request.viewerId) ?? null,
            settings,
            bans.get(request.viewerId) ?? null,
            terms,
            request.raw,
          );
          toWrite.push({ index, checked, messageId: randomUUID(), sent: request.sent });
        } catch (error) {
          outcomes[index] = { ok: false, error };
        }
      }
    });
    if (toWrite.length === 0) return outcomes;

    await log.lock(channel.id);
    const [clock, banned, claims] = await Promise.all([
      stampSenders(tx, toWrite),
      activeBansOfViewers(
        tx,
        channel.id,
        toWrite.map((write) => write.checked.sender.id),
      ),
      Promise.all(toWrite.map((write) => (write.sent ? claimKey(tx, { ...write.sent, chatMessageId: write.messageId }) : true))),
    ]);
    if (clock.stamped < toWrite.length || banned.size > 0 || claims.includes(false)) throw new BatchConflict();

    const messages = await postChatMessages(
      tx,
      log,
      channel.id,
      toWrite.map((write) => ({
        id: write.messageId,
        channelId: channel.id,
        viewerId: write.checked.sender.id,
        text: write.checked.text,
        createdAt: clock.now,
      })),
    );
    messages.forEach((message, position) => {
      const write = toWrite[position] as ToWrite;
      outcomes[write.index] = { ok: true, value: { message, stored: true } };
    });
    return outcomes;
  });
}

export interface BatchWriters {
  together(channel: ChannelInfo, requests: SendRequest[]): Promise<Settled<SendOutcome>[]>;
  alone(request: SendRequest): Promise<SendOutcome>;
}

/**
 * Settles every send of a queued batch (see SendQueue): a lone send is written alone; several
 * together (writeSendBatch), or one by one, each with its own answer, when the batch met a
 * conflict under the lock. Any other failure of the batch's transaction is every send's answer.
 */
export async function settleBatch(batch: Queued<SendRequest, SendOutcome>[], write: BatchWriters): Promise<void> {
  const [first] = batch;
  if (!first) return;
  if (batch.length === 1) {
    await write.alone(first.request).then(first.resolve, first.reject);
    return;
  }
  let outcomes: Settled<SendOutcome>[];
  try {
    outcomes = await write.together(
      first.request.channel,
      batch.map((item) => item.request),
    );
  } catch (error) {
    if (!(error instanceof BatchConflict)) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) await write.alone(item.request).then(item.resolve, item.reject);
    return;
  }
  batch.forEach((item, index) => {
    const outcome = outcomes[index];
    if (outcome?.ok) item.resolve(outcome.value);
    else item.reject(outcome ? outcome.error : new Error('tipchat: a batched chat send was not settled'));
  });
}

/**
 * Locks the senders' rows (after the channel: lock order, step 2) and moves their last-message
 * times to one database clock, each unless slow mode says it is too early for them — checked and
 * written in one statement. `stamped` below the number of senders: one of them sent meanwhile.
 */
async function stampSenders(tx: TransactionSql, writes: readonly ToWrite[]): Promise<{ stamped: number; now: Date }> {
  const viewerIds = writes.map((write) => write.checked.sender.id);
  // Sent as text (postgres.js types a JS array by its first element); arrays, not a json document, so the planner
  // expects a handful of rows and reaches viewers through its primary key rather than scanning a big channel's.
  const slows = writes.map((write) => String(write.checked.slowModeSeconds));
  const [row] = await tx<{ stamped: number; now: Date }[]>`
    with clock as (select clock_timestamp() as now),
    stamped as (
      update viewers v set last_message_at = clock.now
      from clock, unnest(${viewerIds}::uuid[], ${slows}::text[]::int[]) as i (viewer_id, slow)
      where v.id = i.viewer_id
        and (v.last_message_at is null or v.last_message_at + i.slow * interval '1 second' <= clock.now)
      returning v.id
    )
    select (select count(*) from stamped)::int as stamped, clock.now from clock`;
  if (!row) throw new Error('tipchat: stamping senders returned nothing');
  return row;
}

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}
