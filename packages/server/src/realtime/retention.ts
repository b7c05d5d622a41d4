import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { Queryable, Sql } from '../db/connection';
import { AppError } from '../errors';
import { PeriodicJob } from '../periodic-job';

/** Events deleted per transaction: a prune holds its locks briefly and never deletes a channel's whole history at once. */
const BATCH = 1_000;
/** Channels looked at per round; a run goes on round after round until nothing is left to prune. */
const CHANNELS_PER_ROUND = 100;

const DAY_MS = 24 * 3_600_000;

/**
 * The answer to a reader asking for events after a sequence the log no longer holds: reload the
 * state (REST) and continue from `headSeq`. `oldestSeq` is the first sequence still kept (one
 * above the pruned part), so `after >= oldestSeq - 1` is the smallest `after` that is answered.
 */
export function eventsPruned(after: number, prunedThrough: number, head: number): AppError {
  const oldestSeq = prunedThrough + 1;
  const headSeq = Math.max(head, prunedThrough);
  return new AppError(
    'EVENTS_PRUNED',
    `Events after ${after} are no longer kept (the log now starts at ${oldestSeq}): reload the state and continue from ${headSeq}`,
    { oldestSeq, headSeq },
  );
}

/** Throws EVENTS_PRUNED when events after `after` were pruned, i.e. `after` is below the channel's watermark. */
export async function assertKept(q: Queryable, channelId: string, after: number): Promise<void> {
  // Both in one statement: one snapshot, so the head is never older than the watermark it goes with.
  const [row] = await q<{ prunedThrough: number; head: number }[]>`
    select coalesce((select pruned_through_seq from channel_event_retention where channel_id = ${channelId}), 0) as pruned_through,
           coalesce((select last_event_seq from channels where id = ${channelId}), 0) as head`;
  if (row && after < row.prunedThrough) throw eventsPruned(after, row.prunedThrough, row.head);
}

export interface RetentionOptions {
  /** Events older than this are pruned; null keeps the log forever. */
  maxAgeMs: number | null;
  /** Events deleted per transaction (default 1000). */
  batch?: number;
}

/** The retention settings from the configuration. */
export const retentionOptions = (config: Config['eventRetention']): RetentionOptions => ({
  maxAgeMs: config.days === null ? null : config.days * DAY_MS,
});

/**
 * Prunes each channel's event log of events older than the retention age, oldest first, in
 * bounded batches, and moves the channel's watermark (`channel_event_retention`) with them in
 * the same transaction: a reader sees the old log and the old watermark, or the new ones, never
 * a shorter log under the old watermark. Only a prefix of the log goes, and never past
 * `relay_cursors.published_seq`: an event the relay has not published yet stays. Each channel is
 * claimed through its watermark row FOR UPDATE SKIP LOCKED, so several processes may run the job
 * at once, and the job never touches the `channels` row the write path locks.
 */
export class EventRetention {
  private readonly job: PeriodicJob;

  constructor(
    private readonly sql: Sql,
    private readonly options: RetentionOptions,
    log: FastifyBaseLogger,
  ) {
    this.job = new PeriodicJob('event-log pruning', () => this.pruneDue(), log);
  }

  /** Runs now and then every `everyMs`, one run at a time; does nothing when the log is kept forever. */
  start(everyMs: number): void {
    if (this.options.maxAgeMs === null) return;
    this.job.start(everyMs);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Prunes every channel's events older than the retention age as of `now`; returns how many events it deleted. */
  async pruneDue(now: Date = new Date()): Promise<number> {
    if (this.options.maxAgeMs === null) return 0;
    const cutoff = new Date(now.getTime() - this.options.maxAgeMs);
    let deleted = 0;
    for (;;) {
      // One primary-key probe per channel: is the first kept event old enough, and published?
      const due = await this.sql<{ channelId: string }[]>`
        select r.channel_id from relay_cursors r
        left join channel_event_retention w on w.channel_id = r.channel_id
        cross join lateral (
          select e.seq, e.created_at from channel_events e
          where e.channel_id = r.channel_id and e.seq > coalesce(w.pruned_through_seq, 0)
          order by e.seq limit 1
        ) oldest
        where oldest.seq <= r.published_seq and oldest.created_at < ${cutoff}
        limit ${CHANNELS_PER_ROUND}`;
      let progressed = false;
      for (const { channelId } of due) {
        const count = await this.pruneChannel(channelId, cutoff);
        deleted += count;
        if (count > 0) progressed = true;
      }
      // Nothing due, or everything due is being pruned by another process right now.
      if (due.length === 0 || !progressed) return deleted;
    }
  }

  /** One batch of one channel: the events from its watermark on, up to the first one not old enough or not published. */
  private async pruneChannel(channelId: string, cutoff: Date): Promise<number> {
    await this.sql`insert into channel_event_retention (channel_id) values (${channelId}) on conflict do nothing`;
    return this.sql.begin(async (tx) => {
      const [mark] = await tx<{ prunedThroughSeq: number }[]>`
        select pruned_through_seq from channel_event_retention where channel_id = ${channelId} for update skip locked`;
      // Another process is pruning this channel.
      if (!mark) return 0;
      const from = mark.prunedThroughSeq;
      // The longest run of old events from the watermark on, within one batch and what the relay published.
      const [end] = await tx<{ through: number | null }[]>`
        select max(seq) as through from (
          select seq, bool_and(created_at < ${cutoff}) over (order by seq) as all_old
          from (
            select e.seq, e.created_at from channel_events e
            where e.channel_id = ${channelId} and e.seq > ${from}
              and e.seq <= (select published_seq from relay_cursors where channel_id = ${channelId})
            order by e.seq limit ${this.options.batch ?? BATCH}
          ) batch
        ) run
        where all_old`;
      const through = end?.through ?? null;
      if (through === null || through <= from) return 0;
      const gone = await tx`delete from channel_events where channel_id = ${channelId} and seq > ${from} and seq <= ${through}`;
      await tx`update channel_event_retention set pruned_through_seq = ${through} where channel_id = ${channelId}`;
      return gone.count;
    });
  }
}
