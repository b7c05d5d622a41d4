import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../db/connection';
import { PeriodicJob } from '../../periodic-job';
import type { EventLog } from '../../realtime/event-log';
import { leaderboardsIn, PUSHED_LEADERBOARD_SIZE } from './service';

/** At most one push per channel in this long: a busy channel's tips share one. */
export const LEADERBOARD_PUSH_WINDOW_MS = 1000;

/**
 * Pushes a channel's leaderboards ('leaderboard.updated') after tips moved them, coalesced: the
 * first change after a quiet spell is pushed at once, later ones at most once a window, each push
 * carrying the figures as they stand then (so none is lost, and none goes backwards). A change
 * marks its channel due in the database (`channels.leaderboards_due_at`, set by the figures'
 * trigger in the tip's own transaction, migration 0018); a push clears the mark under the channel
 * lock. The relay wakes this process's pushes as it publishes a tip's events; the sweep pushes
 * what no wake reached (a crash, a change made outside the tip services).
 */
export class LeaderboardPush {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastPushAt = new Map<string, number>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly sweeps: PeriodicJob;
  private stopped = false;

  constructor(
    private readonly sql: Sql,
    private readonly events: EventLog,
    private readonly log: FastifyBaseLogger,
    private readonly windowMs = LEADERBOARD_PUSH_WINDOW_MS,
  ) {
    this.sweeps = new PeriodicJob('leaderboard sweep', () => this.sweep(), log);
  }

  start(sweepEveryMs: number): void {
    this.sweeps.start(sweepEveryMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.sweeps.stop();
    await Promise.allSettled([...this.running]);
  }

  /** Tips of the channel changed (or may have): push its leaderboards now, or once its window ends. */
  wake(channelId: string): void {
    if (this.stopped || this.timers.has(channelId)) return;
    const sinceLast = Date.now() - (this.lastPushAt.get(channelId) ?? Number.NEGATIVE_INFINITY);
    const timer = setTimeout(() => this.fire(channelId), Math.max(0, this.windowMs - sinceLast));
    timer.unref();
    this.timers.set(channelId, timer);
  }

  /** Makes the pushes woken so far now, without their wait, and resolves once they are written (tests, shutdown tools). */
  async flush(): Promise<void> {
    while (this.timers.size > 0 || this.running.size > 0) {
      for (const [channelId, timer] of this.timers) {
        clearTimeout(timer);
        this.fire(channelId);
      }
      await Promise.allSettled([...this.running]);
    }
  }

  /**
   * Writes the channel's leaderboards as they stand at `now` if a change marked them due; true
   * when it pushed. Under the channel lock, so a tip paid meanwhile either is in these figures or
   * marks the channel due again for the next push.
   */
  async push(channelId: string, now: Date = new Date()): Promise<boolean> {
    this.lastPushAt.set(channelId, Date.now());
    return this.events.transaction(async (tx, events) => {
      const { currency } = await events.lock(channelId);
      const due = await tx`
        update channels set leaderboards_due_at = null where id = ${channelId} and leaderboards_due_at is not null returning id`;
      if (due.length === 0) return false;
      const boards = await leaderboardsIn(tx, channelId, currency, now, PUSHED_LEADERBOARD_SIZE);
      await events.append(channelId, 'leaderboard.updated', boards, 'public');
      return true;
    });
  }

  /** The channel's wait is over: its push starts (a failure is logged; the mark stays for the sweep). */
  private fire(channelId: string): void {
    this.timers.delete(channelId);
    const running: Promise<unknown> = this.push(channelId)
      .catch((error: unknown) => this.log.error({ err: error, channelId }, 'leaderboard push failed'))
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  /**
   * Every channel due: most were woken already (and a wake keeps its window), the rest lost their
   * wake (a crash, a process that stopped before its push, a change made outside the tip services).
   */
  private async sweep(): Promise<void> {
    // Forget the pushes whose window is over: a wake of theirs goes at once anyway.
    const over = Date.now() - this.windowMs;
    for (const [channelId, at] of this.lastPushAt) if (at < over) this.lastPushAt.delete(channelId);
    const due = await this.sql<{ id: string }[]>`select id from channels where leaderboards_due_at is not null`;
    for (const { id } of due) this.wake(id);
  }
}
