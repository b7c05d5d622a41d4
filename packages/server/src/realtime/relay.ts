import type { FastifyBaseLogger } from 'fastify';
import type { Sql, TransactionSql } from '../db/connection';
import { noMetrics, type RelayLagMetric } from '../metrics/server-metrics';
import { PeriodicJob } from '../periodic-job';
import { type EventRow, type StoredEvent, toEvent } from './event-log';

const BATCH = 500;
/** How long a wake waits for more commits of its channel before publishing. */
const COALESCE_MS = 4;

/**
 * Hands one committed event to the fan-out with `prevPublic`, the sequence of the public event
 * before it. Staff see every event, so their predecessor is always `seq - 1`; public audiences
 * skip staff-only events, and `prevPublic` lets them tell a real gap (fetch it) from events they
 * were never meant to see.
 */
export type Publish = (event: StoredEvent, prevPublic: number) => void;

/**
 * Publishes committed events, in order, per channel. Delivery is at least once: an event is
 * published before the cursor moves past it, so a crash in between re-publishes it after the
 * restart, and clients drop what they already have by sequence. A row lock on the cursor keeps
 * several processes from publishing the same channel at once.
 */
export class Relay {
  private readonly queued = new Map<string, Promise<void>>();
  private readonly pending = new Set<string>();
  /** Channels known to have a cursor row: the insert that makes one is needed once per channel and process. */
  private readonly cursorRows = new Set<string>();
  /**
   * Per channel, the cursor this process last moved and the last public event up to it: when the
   * cursor is still there on the next drain (no other process published meanwhile), the query
   * for the last public event is not needed.
   */
  private readonly published = new Map<string, { seq: number; lastPublic: number }>();
  /** The safety-net sweep: one at a time, and `stop` waits for one in flight. */
  private readonly sweeps: PeriodicJob;
  private stopped = false;

  constructor(
    private readonly sql: Sql,
    private readonly publish: Publish,
    private readonly log: FastifyBaseLogger,
    private readonly metrics: RelayLagMetric = noMetrics,
  ) {
    this.sweeps = new PeriodicJob('relay sweep', () => this.sweep(), log);
  }

  /**
   * Publishes what earlier runs left behind (a failure here fails the start), then keeps sweeping as a safety net.
   * The job's own first run repeats the sweep just done: one cheap query that finds nothing behind.
   */
  async start(sweepEveryMs: number): Promise<void> {
    await this.sweep();
    await this.idle();
    this.sweeps.start(sweepEveryMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // The sweep in flight first: it may have woken channels just before `stopped`, and those are waited for below.
    await this.sweeps.stop();
    await Promise.allSettled([...this.queued.values()]);
  }

  wake(channelId: string): void {
    if (this.stopped || this.pending.has(channelId)) return;
    this.pending.add(channelId);
    const previous = this.queued.get(channelId) ?? Promise.resolve();
    const next = previous
      // A moment's wait gathers the commits of a busy channel into one publish (one read of the log, one cursor
      // move) instead of one per commit; a quiet channel's events wait no longer than this.
      .then(() => new Promise((resolve) => setTimeout(resolve, COALESCE_MS)))
      .then(() => {
        this.pending.delete(channelId);
        return this.drain(channelId);
      })
      .catch((error: unknown) => this.log.error({ err: error, channelId }, 'relay failed to publish'))
      .finally(() => {
        if (this.queued.get(channelId) === next) this.queued.delete(channelId);
      });
    this.queued.set(channelId, next);
  }

  /** Resolves once every wake so far has been handled (tests and shutdown use it). */
  async idle(): Promise<void> {
    while (this.queued.size > 0) await Promise.allSettled([...this.queued.values()]);
  }

  private async sweep(): Promise<void> {
    const behind = await this.sql<{ id: string }[]>`
      select c.id from channels c left join relay_cursors r on r.channel_id = c.id
      where c.last_event_seq > coalesce(r.published_seq, 0)`;
    for (const { id } of behind) this.wake(id);
  }

  private async drain(channelId: string): Promise<void> {
    if (!this.cursorRows.has(channelId)) {
      await this.sql`insert into relay_cursors (channel_id) values (${channelId}) on conflict do nothing`;
      this.cursorRows.add(channelId);
    }
    for (;;) {
      if (this.stopped) return;
      let moved: Promise<unknown> = Promise.resolve();
      const more = await this.sql.begin(async (tx) => {
        // The cursor, locked, and the events after it, in one statement. No row: another process is publishing this
        // channel; if it finished just before our events committed, the next sweep publishes them.
        const rows = await tx<(Partial<EventRow> & { cursorSeq: number })[]>`
          select r.published_seq as cursor_seq, e.*
          from relay_cursors r
          left join lateral (
            select * from channel_events where channel_id = r.channel_id and seq > r.published_seq order by seq limit ${BATCH}
          ) e on true
          where r.channel_id = ${channelId}
          for update of r skip locked`;
        const cursorSeq = rows[0]?.cursorSeq;
        const found = rows.filter((row): row is EventRow & { cursorSeq: number } => row.seq !== null && row.seq !== undefined);
        if (cursorSeq === undefined || found.length === 0) return false;
        let previousPublic = await this.lastPublicUpTo(tx, channelId, cursorSeq);
        for (const row of found) {
          const event = toEvent(row);
          this.publish(event, previousPublic);
          this.metrics.relayLag((Date.now() - row.createdAt.getTime()) / 1000);
          if (event.visibility === 'public') previousPublic = event.seq;
        }
        const publishedSeq = found[found.length - 1]?.seq ?? cursorSeq;
        // Sent with the COMMIT that follows (one round trip). Published already: if this fails, they are published again.
        moved = tx`update relay_cursors set published_seq = ${publishedSeq} where channel_id = ${channelId}`.execute();
        moved.catch(() => {});
        this.published.set(channelId, { seq: publishedSeq, lastPublic: previousPublic });
        return found.length === BATCH;
      });
      await moved;
      if (!more) return;
    }
  }

  private async lastPublicUpTo(tx: TransactionSql, channelId: string, seq: number): Promise<number> {
    const known = this.published.get(channelId);
    if (known?.seq === seq) return known.lastPublic;
    // A pruned predecessor is somewhere at or before the retention watermark: a client behind it reloads (EVENTS_PRUNED).
    const [lastPublic] = await tx<{ seq: number }[]>`
      select greatest(
        (select seq from channel_events
          where channel_id = ${channelId} and seq <= ${seq} and visibility = 'public' order by seq desc limit 1),
        (select pruned_through_seq from channel_event_retention where channel_id = ${channelId}),
        0) as seq`;
    return lastPublic?.seq ?? 0;
  }
}
