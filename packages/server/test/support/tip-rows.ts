import { type CurrencyCode, defaultTipTiers, type TipStatus, tierFor } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../src/db/connection';
import type { TipRow } from '../../src/features/tips/tip-view';

export interface TipRowFields {
  channelId: string;
  amount: number;
  currency?: CurrencyCode;
  status?: TipStatus;
  displayName?: string;
  message?: string;
  messageHeld?: boolean;
  fee?: number;
  refundedAmount?: number;
  disputedAmount?: number;
  createdAt?: Date;
  paidAt?: Date | null;
  viewerId?: string | null;
  userId?: string | null;
  streamId?: string | null;
}

/**
 * Writes a tip row as it stands after its events, for tests of queries over many tips (feed
 * filters, goal sums, leaderboards) that need control of times and amounts. It posts no ledger
 * entries and no events: tests of the money and the realtime path pay through a provider instead.
 */
export async function insertTipRow(q: Queryable, fields: TipRowFields): Promise<TipRow> {
  const currency = fields.currency ?? 'USD';
  const status = fields.status ?? 'succeeded';
  const createdAt = fields.createdAt ?? new Date();
  const paid = status !== 'pending' && status !== 'failed';
  const { index, tier } = tierFor(defaultTipTiers(currency), fields.amount);
  const [row] = await q<TipRow[]>`
    insert into tips (channel_id, stream_id, provider, payment_id, status, amount, currency, fee, display_name, message,
      message_held, viewer_id, user_id, tier, refunded_amount, disputed_amount, paid_at, created_at, updated_at)
    values (${fields.channelId}, ${fields.streamId ?? null}, 'dev', ${`dev_${crypto.randomUUID()}`}, ${status}, ${fields.amount},
      ${currency}, ${fields.fee ?? 0}, ${fields.displayName ?? 'Tipper'}, ${fields.message ?? ''}, ${fields.messageHeld ?? false},
      ${fields.viewerId ?? null}, ${fields.userId ?? null}, ${q.json({ ...tier, index })}, ${fields.refundedAmount ?? 0}, ${fields.disputedAmount ?? 0},
      ${paid ? (fields.paidAt ?? createdAt) : null}, ${createdAt}, ${createdAt})
    returning *`;
  if (!row) throw new Error('insertTipRow: nothing inserted');
  return row;
}
