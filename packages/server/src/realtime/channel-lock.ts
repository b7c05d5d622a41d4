import type { CurrencyCode } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../db/connection';

/**
 * THE LOCK ORDER of every transaction that writes a channel's rows (chat, tips, alerts, goals,
 * moderation, settings, payouts, the event log):
 *
 *   0. Rows that belong to no channel may come first: the (provider, event id) record that
 *      deduplicates a webhook, users, sessions.
 *   1. The channel row, once, through `lockChannel`, FOR NO KEY UPDATE — the only strength.
 *      NO KEY UPDATE, not FOR UPDATE: inserting any row that references the channel (a tip, a
 *      viewer, a message) takes a KEY SHARE lock on it through the foreign key, and must never
 *      wait for a writer of the channel.
 *   2. Then the rows under the channel — viewers, tips, alerts, chat messages, goals, balances
 *      and the derived tables the triggers keep — in any order: every transaction that locks
 *      them holds step 1, so two of them never wait for each other in a cycle.
 *
 * Never lock a viewer or tip row (FOR UPDATE / NO KEY UPDATE) and then the channel. Work that
 * writes no channel row (a tip's creation, a guest joining) locks nothing and takes only the
 * foreign keys' KEY SHARE locks, which conflict with none of the above (viewers are locked FOR
 * NO KEY UPDATE for the same reason). Plain reads need no lock and may run before step 1:
 * that is how work that does not need the lock is kept out of the time it is held.
 *
 * Chat sends take step 1 once per batch (features/chat/send-batch.ts): the sends of one channel
 * that queue in this process while one is written share the next transaction and its lock.
 * Provider events that change a tip wait for a place at their channel's gate before their
 * transaction begins (channel-gate.ts), so a busy channel's waiters do not hold the whole pool.
 */
export interface LockedChannel {
  id: string;
  ownerId: string;
  currency: CurrencyCode;
  /** The log's head when the lock was taken; the event writer hands out the numbers after it. */
  lastEventSeq: number;
}

/** Step 1 of the lock order; null when there is no such channel. */
export async function lockChannel(tx: TransactionSql, channelId: string): Promise<LockedChannel | null> {
  const [row] = await tx<LockedChannel[]>`
    select id, owner_id, currency, last_event_seq from channels where id = ${channelId} for no key update`;
  return row ?? null;
}
