import type { CurrencyCode, PlatformDayTotals, PlatformTotals } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';
import { accounts } from '../../ledger';

const DAY_MS = 86_400_000;
/** The longest range one request sums: the console's views ask for a month or a quarter. */
const MAX_DAYS = 366;

interface TotalsRow extends Omit<PlatformDayTotals, 'day'> {
  day: string;
}

/**
 * Platform money by UTC day and currency, each figure from the table that records it: volume and count from paid tips
 * (by when paid), fees from the ledger's platform fee account (net of fees given back), refunds that succeeded,
 * disputes opened, and payouts settled. An operator's report, not a hot path: it reads only the days asked for.
 */
export async function platformTotals(q: Queryable, range: { from?: string | undefined; to?: string | undefined }): Promise<PlatformTotals> {
  const to = range.to ?? new Date().toISOString().slice(0, 10);
  const from = range.from ?? new Date(Date.parse(to) - 30 * DAY_MS).toISOString().slice(0, 10);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1)
    throw new AppError('VALIDATION_FAILED', 'The request is not valid', [{ path: 'querystring.from', message: 'Must not be after to' }]);
  if (days > MAX_DAYS) {
    throw new AppError('VALIDATION_FAILED', 'The request is not valid', [
      { path: 'querystring.from', message: `At most ${MAX_DAYS} days at once` },
    ]);
  }
  // Half-open UTC range [start, end): the days from `from` through `to`.
  const start = q`(${from}::date)::timestamp at time zone 'UTC'`;
  const end = q`(${to}::date + 1)::timestamp at time zone 'UTC'`;
  const day = (column: string) => q`to_char(${q.unsafe(column)} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await q<TotalsRow[]>`
    with figures as (
      select ${day('t.paid_at')} as day, t.currency, sum(t.amount) as volume, count(*) as tips,
        0 as fees, 0 as refunds, 0 as disputes, 0 as payouts
      from tips t where t.paid_at >= ${start} and t.paid_at < ${end} group by 1, 2
      union all
      select ${day('e.created_at')}, e.currency, 0, 0, sum(e.amount), 0, 0, 0
      from ledger_entries e where e.account = ${accounts.platformFees} and e.created_at >= ${start} and e.created_at < ${end} group by 1, 2
      union all
      select ${day('r.updated_at')}, t.currency, 0, 0, 0, sum(r.amount), 0, 0
      from tip_refunds r join tips t on t.id = r.tip_id
      where r.status = 'succeeded' and r.updated_at >= ${start} and r.updated_at < ${end} group by 1, 2
      union all
      select ${day('d.created_at')}, t.currency, 0, 0, 0, 0, sum(d.amount), 0
      from tip_disputes d join tips t on t.id = d.tip_id where d.created_at >= ${start} and d.created_at < ${end} group by 1, 2
      union all
      select ${day('p.settled_at')}, p.currency, 0, 0, 0, 0, 0, sum(p.amount)
      from payouts p where p.status = 'succeeded' and p.settled_at >= ${start} and p.settled_at < ${end} group by 1, 2
    )
    select day, trim(currency) as currency, sum(volume)::bigint as volume, sum(tips)::int as tips, sum(fees)::bigint as fees,
      sum(refunds)::bigint as refunds, sum(disputes)::bigint as disputes, sum(payouts)::bigint as payouts
    from figures group by day, currency order by day, currency`;
  return {
    from,
    to,
    days: rows.map((row) => ({ ...row, currency: row.currency as CurrencyCode })),
  };
}
