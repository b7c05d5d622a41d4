import type { CurrencyCode, Goal } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { isCounted, netAmount } from './counted-tips';

interface GoalFiguresRow {
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
 * up to its deadline (both included), net of refunds and disputes. Null when no goal is set.
 */
export async function activeGoal(q: Queryable, channelId: string): Promise<Goal | null> {
  const [row] = await q<GoalFiguresRow[]>`
    select g.id, g.title, g.target, g.currency, g.starts_at, g.deadline,
      coalesce(sum(${netAmount(q)}), 0)::bigint as progress,
      count(t.id) filter (where ${netAmount(q)} > 0) as tip_count
    from goals g
    left join tips t on t.channel_id = g.channel_id and t.currency = g.currency and ${isCounted(q)}
      and t.paid_at >= g.starts_at and (g.deadline is null or t.paid_at <= g.deadline)
    where g.channel_id = ${channelId} and g.ended_at is null
    group by g.id`;
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
