import type { TipStatus } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import type { TipRow } from './tip-view';

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
