import type { TipStatus } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import type { EventWriter } from '../../realtime/event-log';
import type { TipRow } from './tip-view';

/**
 * The tip a provider's payment belongs to, locked: every event of one tip is applied one at a
 * time. Its channel is locked first (lock order, step 1); a tip never moves to another channel,
 * so the channel can be read from it without a lock.
 */
export async function lockTipByPayment(
  tx: TransactionSql,
  events: EventWriter,
  provider: string,
  paymentId: string,
): Promise<TipRow | null> {
  const [found] = await tx<{ id: string; channelId: string }[]>`
    select id, channel_id from tips where provider = ${provider} and payment_id = ${paymentId}`;
  if (!found) return null;
  await events.lock(found.channelId);
  return lockTip(tx, found.id);
}

export async function findTip(q: Queryable, tipId: string): Promise<TipRow | null> {
  const [row] = await q<TipRow[]>`select * from tips where id = ${tipId}`;
  return row ?? null;
}

/** A tip row, locked (lock order, step 2: its channel must be locked already). */
export async function lockTip(tx: TransactionSql, tipId: string): Promise<TipRow | null> {
  const [row] = await tx<TipRow[]>`select * from tips where id = ${tipId} for no key update`;
  return row ?? null;
}

/**
 * A paid tip's status follows from its money and its disputes: an open dispute shows first, then
 * a lost one, then how much was refunded.
 */
export async function settledStatus(tx: TransactionSql, tip: TipRow): Promise<TipStatus> {
  const disputes = await tx<{ status: 'open' | 'won' | 'lost' }[]>`select status from tip_disputes where tip_id = ${tip.id}`;
  if (disputes.some((d) => d.status === 'open')) return 'disputed';
  if (disputes.some((d) => d.status === 'lost')) return 'dispute_lost';
  if (tip.refundedAmount + tip.disputedAmount >= tip.amount) return 'refunded';
  if (tip.refundedAmount > 0) return 'partially_refunded';
  return 'succeeded';
}
