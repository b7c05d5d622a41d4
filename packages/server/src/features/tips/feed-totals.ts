import type { CurrencyCode, TipStatus, TipTotals } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { type Fragment, feedConditions, feedStatuses, type TipFeedFilters } from './feed-filters';

interface TotalsRow {
  currency: CurrencyCode;
  count: number;
  amount: number;
  fee: number;
  refunded: number;
}

/**
 * Totals of every tip the filters match (the whole filtered set, not a page). A feed filtered by
 * status and hidden mark alone — its default view — adds up the totals the database keeps by
 * delta (tip_totals, migration 0007); any other filter narrows the tips to scan, so those are
 * summed from the matching tips.
 */
export function filteredFeedTotals(q: Queryable, channelId: string, filters: TipFeedFilters): Promise<TipTotals> {
  const narrowed = NARROWING.some((field) => filters[field] !== undefined);
  return narrowed
    ? feedTotals(q, feedConditions(q, channelId, filters))
    : keptFeedTotals(q, channelId, feedStatuses(filters), filters.includeHidden === true);
}

/** The filters that select tips by anything but status and hidden mark. */
const NARROWING = [
  'from',
  'to',
  'minAmount',
  'maxAmount',
  'hasMessage',
  'unread',
  'starred',
  'streamId',
  'q',
] as const satisfies readonly (keyof TipFeedFilters)[];

/** The feed's totals as kept per status and hidden mark: a handful of rows, whatever the channel's history. */
export async function keptFeedTotals(
  q: Queryable,
  channelId: string,
  statuses: readonly TipStatus[],
  includeHidden: boolean,
): Promise<TipTotals> {
  const rows = await q<TotalsRow[]>`
    select currency, sum(count)::bigint as count, sum(amount)::bigint as amount, sum(fee)::bigint as fee, sum(refunded)::bigint as refunded
    from tip_totals
    where channel_id = ${channelId} and status in ${q(statuses)} ${includeHidden ? q`` : q`and not hidden`}
    group by currency
    having sum(count) > 0
    order by currency`;
  return totalsOf(rows);
}

/**
 * Totals of every tip matching `where` (the whole filtered set, not a page), per currency, the
 * way toTipFeedItem counts one tip: `amount` is the gross left after refunds and disputes not
 * won back, `refunded` what was given back, `fee` the platform's share kept (its proportional
 * part of a reversal, rounded down, goes back) and `net` the streamer's — so amount = fee + net.
 * The fee share is taken in numeric: fee × reversed can pass the bigint range.
 */
export async function feedTotals(q: Queryable, where: Fragment): Promise<TipTotals> {
  const rows = await q<TotalsRow[]>`
    select t.currency, count(*) as count,
      sum(t.amount - t.refunded_amount - t.disputed_amount)::bigint as amount,
      sum(t.fee - div(t.fee::numeric * (t.refunded_amount + t.disputed_amount), t.amount))::bigint as fee,
      sum(t.refunded_amount + t.disputed_amount)::bigint as refunded
    from tips t
    where ${where}
    group by t.currency
    order by t.currency`;
  return totalsOf(rows);
}

function totalsOf(rows: TotalsRow[]): TipTotals {
  return {
    count: rows.reduce((sum, row) => sum + row.count, 0),
    byCurrency: rows.map((row) => ({
      currency: row.currency,
      amount: row.amount,
      fee: row.fee,
      net: row.amount - row.fee,
      refunded: row.refunded,
    })),
  };
}
