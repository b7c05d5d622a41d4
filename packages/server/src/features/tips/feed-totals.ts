import type { CurrencyCode, TipTotals } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import type { Fragment } from './feed-filters';

interface TotalsRow {
  currency: CurrencyCode;
  count: number;
  amount: number;
  fee: number;
  refunded: number;
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
