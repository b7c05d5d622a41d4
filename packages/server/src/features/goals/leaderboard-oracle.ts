import type { CurrencyCode, LeaderboardEntry, LeaderboardPeriod } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { isCounted, netAmount } from './counted-tips';
import { boardsOf, type PeriodWindow, type RankedRow } from './leaderboard-figures';

/**
 * THE ORACLE of the leaderboards: the top `limit` tippers of each window recomputed from every
 * counted tip, in one query. The server reads the figures the database keeps by delta
 * (leaderboard-figures.ts, migration 0007); the property tests assert both agree. Never call
 * this on a write path: it reads the channel's whole history.
 *
 * A tipper is their account (on the tip, or behind the viewer who tipped), else their chat
 * identity, else — anonymous tips carry free-text names — their display name folded for case,
 * compatibility forms and whitespace, so "Big Tipper" and "bigtipper" are one person. The name
 * shown is the one on their latest tip. Tippers whose tips were all given back drop out.
 *
 * Equal amounts rank by who got there first — whose last tip that brought money was paid
 * earlier — and then by the tipper's identity, so the order never flips between two reads.
 */
export async function topTippersFromHistory(
  q: Queryable,
  channelId: string,
  currency: CurrencyCode,
  windows: readonly PeriodWindow[],
  limit: number,
): Promise<Map<LeaderboardPeriod, LeaderboardEntry[]>> {
  if (windows.length === 0) return new Map();
  // Sent as text: postgres.js serializes a timestamptz parameter through a JS Date, and -infinity is none.
  const since = windows.map((w) => w.since?.toISOString() ?? '-infinity');
  const scanFrom = windows.some((w) => w.since === null)
    ? '-infinity'
    : new Date(Math.min(...windows.map((w) => w.since?.getTime() ?? 0))).toISOString();
  const rows = await q<RankedRow[]>`
    with windows as (
      select * from unnest(${windows.map((w) => w.period)}::text[], ${since}::text[]::timestamptz[]) as w (period, since)
    ),
    counted as (
      select t.id, t.paid_at, t.display_name, ${netAmount(q)} as net,
        case
          when coalesce(t.user_id, v.user_id) is not null then 'user:' || coalesce(t.user_id, v.user_id)::text
          when t.viewer_id is not null then 'viewer:' || t.viewer_id::text
          else 'name:' || lower(regexp_replace(normalize(t.display_name, NFKC), '[[:space:]]+', '', 'g'))
        end as tipper
      from tips t left join viewers v on v.id = t.viewer_id
      where t.channel_id = ${channelId} and t.currency = ${currency} and t.paid_at >= ${scanFrom}::text::timestamptz and ${isCounted(q)}
    ),
    latest_names as (
      select distinct on (tipper) tipper, display_name from counted order by tipper, paid_at desc, id desc
    ),
    totals as (
      select w.period, c.tipper, sum(c.net)::bigint as amount,
        count(*) filter (where c.net > 0) as tip_count,
        max(c.paid_at) filter (where c.net > 0) as reached_at
      from windows w join counted c on c.paid_at >= w.since
      group by w.period, c.tipper
      having sum(c.net) > 0
    ),
    ranked as (
      select *, row_number() over (partition by period order by amount desc, reached_at, tipper) as rank from totals
    )
    select r.period, r.rank, n.display_name, r.amount, r.tip_count
    from ranked r join latest_names n using (tipper)
    where r.rank <= ${limit}
    order by r.period, r.rank`;
  return boardsOf(windows, rows);
}
