import type { CurrencyCode, Goal } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import { isCounted, netAmount } from './counted-tips';

interface GoalRow {
  id: string;
  title: string;
  target: number;
  currency: CurrencyCode;
  startsAt: Date;
  deadline: Date | null;
  progress: number;
  tipCount: number;
}

/**
 * The channel's active goal with its progress: tips in the goal's currency paid from its start
 * up to its deadline (both included), net of refunds and disputes. The figures are kept by the
 * database with every change of a counted tip (migration 0007), so this is one row. Null when
 * no goal is set.
 */
export async function activeGoal(q: Queryable, channelId: string): Promise<Goal | null> {
  const [row] = await q<GoalRow[]>`
    select id, title, target, currency, starts_at, deadline, progress, tip_count
    from goals where channel_id = ${channelId} and ended_at is null`;
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    target: row.target,
    currency: row.currency,
    progress: row.progress,
    tipCount: row.tipCount,
    startsAt: row.startsAt.toISOString(),
    deadline: row.deadline?.toISOString() ?? null,
    reached: row.progress >= row.target,
  };
}

/** A goal's figures recomputed from the tips in its window: the oracle of the kept ones. */
export async function goalFiguresFromTips(q: Queryable, goalId: string): Promise<{ progress: number; tipCount: number }> {
  const [row] = await q<{ progress: number; tipCount: number }[]>`
    select coalesce(sum(${netAmount(q)}), 0)::bigint as progress, count(t.id) filter (where ${netAmount(q)} > 0) as tip_count
    from goals g
    left join tips t on t.channel_id = g.channel_id and t.currency = g.currency and ${isCounted(q)}
      and t.paid_at >= g.starts_at and (g.deadline is null or t.paid_at <= g.deadline)
    where g.id = ${goalId}`;
  return row ?? { progress: 0, tipCount: 0 };
}

/**
 * A new goal's starting figures. A goal may count from a moment in the past ("since the stream
 * began"), so the tips already in its window are added once, when it is set — under the channel
 * lock, so no tip is paid between this count and the goal's first delta.
 */
export async function startGoalFigures(tx: TransactionSql, goalId: string): Promise<void> {
  const figures = await goalFiguresFromTips(tx, goalId);
  await tx`update goals set progress = ${figures.progress}, tip_count = ${figures.tipCount} where id = ${goalId}`;
}
