import type { CurrencyCode, LeaderboardEntry, LeaderboardPeriod } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';

/** A period to rank, and where it began (null: all time). */
export interface PeriodWindow {
  period: LeaderboardPeriod;
  since: Date | null;
}

export interface RankedRow {
  period: LeaderboardPeriod;
  rank: number;
  displayName: string;
  amount: number;
  tipCount: number;
}

/**
 * The top `limit` tippers of each window, read from the totals the database keeps by delta with
 * every change of a counted tip (migration 0007): an index range per window, whatever the
 * channel's history. Who a tipper is, which name they show and how ties rank are defined by the
 * recomputation in leaderboard-oracle.ts, which the property tests hold these figures to.
 */
export async function topTippers(
  q: Queryable,
  channelId: string,
  currency: CurrencyCode,
  windows: readonly PeriodWindow[],
  limit: number,
): Promise<Map<LeaderboardPeriod, LeaderboardEntry[]>> {
  if (windows.length === 0) return new Map();
  // Sent as text: postgres.js serializes a timestamptz parameter through a JS Date, and -infinity is none.
  const buckets = windows.map((w) => w.since?.toISOString() ?? '-infinity');
  // The names are looked up per ranked row, after the top N is cut: a join would let a planner with stale statistics
  // walk every tipper of the channel (seen on a busy channel: 150 ms instead of 0.5).
  const rows = await q<RankedRow[]>`
    select w.period, top.rank, top.amount, top.tip_count,
      (select n.display_name from leaderboard_names n
        where n.channel_id = ${channelId} and n.currency = ${currency} and n.tipper = top.tipper) as display_name
    from unnest(${windows.map((w) => w.period)}::text[], ${buckets}::text[]::timestamptz[]) as w (period, bucket)
    cross join lateral (
      select l.tipper, l.amount, l.tip_count,
        row_number() over (order by l.amount desc, l.reached_at, l.tipper) as rank
      from leaderboard_totals l
      where l.channel_id = ${channelId} and l.currency = ${currency} and l.period = w.period and l.bucket = w.bucket
        and l.amount > 0
      order by l.amount desc, l.reached_at, l.tipper
      limit ${limit}
    ) top
    order by w.period, top.rank`;
  return boardsOf(windows, rows);
}

/** Ranked rows (in rank order) as one board per window; a window nobody ranks in is an empty board. */
export function boardsOf(windows: readonly PeriodWindow[], rows: readonly RankedRow[]): Map<LeaderboardPeriod, LeaderboardEntry[]> {
  const boards = new Map<LeaderboardPeriod, LeaderboardEntry[]>(windows.map((w) => [w.period, []]));
  for (const row of rows) {
    boards.get(row.period)?.push({ rank: row.rank, displayName: row.displayName, amount: row.amount, tipCount: row.tipCount });
  }
  return boards;
}
