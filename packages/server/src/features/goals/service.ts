import {
  type CurrencyCode,
  type Goal,
  LEADERBOARD_PERIODS,
  type Leaderboard,
  type LeaderboardPeriod,
  type Leaderboards,
  type setGoalBodySchema,
} from '@tipchat/sdk/protocol';
import type { z } from 'zod';
import type { Queryable, TransactionSql } from '../../db/connection';
import { AppError, notFound } from '../../errors';
import type { EventWriter } from '../../realtime/event-log';
import type { FeatureDeps } from '../deps';
import { activeGoal, startGoalFigures } from './goal-figures';
import { topTippers } from './leaderboard-figures';
import { periodStart } from './periods';

export type SetGoalInput = z.output<typeof setGoalBodySchema>;

/** How many tippers each pushed leaderboard carries. */
export const PUSHED_LEADERBOARD_SIZE = 10;

/**
 * The channel goal and the top-tipper leaderboards. Their figures are kept by the database with
 * every change of a counted tip (migration 0007), so reading them costs the same whatever the
 * channel's history. Every method that depends on the time takes `now`.
 */
export class GoalService {
  constructor(readonly deps: FeatureDeps) {}

  /** The active goal and its progress, or null; public. */
  goal(channelId: string, q: Queryable = this.deps.sql): Promise<Goal | null> {
    return activeGoal(q, channelId);
  }

  /** Sets the channel's goal, ending the one before; counts in the channel's currency from `startsAt` (default: now). */
  async set(channelId: string, body: SetGoalInput, now: Date = new Date()): Promise<Goal> {
    const startsAt = body.startsAt === undefined ? now : new Date(body.startsAt);
    const deadline = body.deadline === null ? null : new Date(body.deadline);
    if (deadline !== null && deadline <= startsAt) throw invalidDeadline('The deadline must be after the start');
    if (deadline !== null && deadline <= now) throw invalidDeadline('The deadline has already passed');
    return this.deps.events.transaction(async (tx, events) => {
      const { currency } = await events.lock(channelId);
      await tx`update goals set ended_at = ${now} where channel_id = ${channelId} and ended_at is null`;
      const [created] = await tx<{ id: string }[]>`
        insert into goals (channel_id, title, target, currency, starts_at, deadline, created_at)
        values (${channelId}, ${body.title}, ${body.target}, ${currency}, ${startsAt}, ${deadline}, ${now}) returning id`;
      if (!created) throw new Error('tipchat: goal insert returned nothing');
      await startGoalFigures(tx, created.id);
      const goal = await activeGoal(tx, channelId);
      if (!goal) throw new Error('tipchat: the goal just set is not active');
      await events.append(channelId, 'goal.updated', { goal }, 'public');
      return goal;
    });
  }

  /** Ends the active goal; it stays in history. 404 when there is none. */
  async remove(channelId: string, now: Date = new Date()): Promise<void> {
    await this.deps.events.transaction(async (tx, events) => {
      await events.lock(channelId);
      const ended = await tx`update goals set ended_at = ${now} where channel_id = ${channelId} and ended_at is null returning id`;
      if (ended.length === 0) throw notFound('Goal');
      await events.append(channelId, 'goal.updated', { goal: null }, 'public');
    });
  }

  /** One period's top tippers in the channel's currency; public. */
  async leaderboard(
    channelId: string,
    options: { period: LeaderboardPeriod; limit: number },
    now: Date = new Date(),
    q: Queryable = this.deps.sql,
  ): Promise<Leaderboard> {
    const currency = await channelCurrency(q, channelId);
    const since = periodStart(options.period, now);
    const boards = await topTippers(q, channelId, currency, [{ period: options.period, since }], options.limit);
    return { period: options.period, currency, since: since?.toISOString() ?? null, entries: boards.get(options.period) ?? [] };
  }

  /** The top `limit` of every period at once, as 'leaderboard.updated' carries them. */
  async leaderboards(
    channelId: string,
    now: Date = new Date(),
    q: Queryable = this.deps.sql,
    limit = PUSHED_LEADERBOARD_SIZE,
  ): Promise<Leaderboards> {
    return leaderboardsIn(q, channelId, await channelCurrency(q, channelId), now, limit);
  }

  /**
   * Called in every transaction that changes which tips count (paid, refunded, disputed, dispute
   * won or lost), after the change: pushes the goal's progress when a goal is set. The channel is
   * locked (first, by the lock order), so two such transactions push one after the other and the
   * later event always carries figures that include the earlier change. The leaderboards are not
   * pushed here: the change marked them due, and `LeaderboardPush` pushes them after the commit,
   * coalesced per channel.
   */
  async onTipsChanged(tx: TransactionSql, events: EventWriter, channelId: string): Promise<void> {
    await events.lock(channelId);
    await this.announce(events, channelId, await this.goal(channelId, tx));
  }

  /** Pushes the goal's progress (when a goal is set). */
  async announce(events: EventWriter, channelId: string, goal: Goal | null): Promise<void> {
    if (goal) await events.append(channelId, 'goal.updated', { goal }, 'public');
  }
}

/** The top `limit` tippers of every period at `now`, as 'leaderboard.updated' carries them. */
export async function leaderboardsIn(
  q: Queryable,
  channelId: string,
  currency: CurrencyCode,
  now: Date,
  limit: number,
): Promise<Leaderboards> {
  const windows = LEADERBOARD_PERIODS.map((period) => ({ period, since: periodStart(period, now) }));
  const boards = await topTippers(q, channelId, currency, windows, limit);
  const entries = (period: LeaderboardPeriod) => boards.get(period) ?? [];
  return { currency, day: entries('day'), week: entries('week'), month: entries('month'), all: entries('all') };
}

async function channelCurrency(q: Queryable, channelId: string): Promise<CurrencyCode> {
  const [channel] = await q<{ currency: CurrencyCode }[]>`select currency from channels where id = ${channelId}`;
  if (!channel) throw notFound('Channel');
  return channel.currency;
}

function invalidDeadline(message: string): AppError {
  return new AppError('VALIDATION_FAILED', 'The request is not valid', [{ path: 'body.deadline', message }]);
}
