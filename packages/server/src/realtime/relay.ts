import type { FastifyBaseLogger } from 'fastify';
import type { Sql, TransactionSql } from '../db/connection';
import { noMetrics, type RelayLagMetric } from '../metrics/server-metrics';
import { PeriodicJob } from '../periodic-job';
import { type EventRow, type StoredEvent, toEvent } from './event-log';

const BATCH = 500;
/**
 * How long a wake waits for more commits of its channel before publishing. Every publish is a write to every
 * connection of the channel, so a busy channel's commits are gathered: with 4 ms (enough while each publish also read
 * the log back) chat sent over socket.io at 500/s was delivered with a p99 of 235–299 ms on the bench machine, with
 * 8 ms 146 ms; a quiet channel's events wait no longer than this.
 */
const COALESCE_MS = 8;

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
 * restart, and clients drop what they already have by sequence.
 *
 * Two ways to publish. Events are read from the log under a row lock on the cursor, which keeps
 * several processes from publishing the same events at once. A process that is the only one on
 * its database (no Redis fan-out) skips the read for its own commits: events continuing the cursor
 * it moved last with no hole are published as the commit handed them over, and the cursor moves
 * from where it was left in one statement, only if nothing else moved it (a process overlapping
 * it during a deploy: the log is read then, and an event may go out twice). The log is still read
 * after a start, after commits it was not handed, and on every sweep.
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
  /** Per channel, events this process committed and has not published yet, as the commits handed them over. */
  private readonly committed = new Map<string, StoredEvent[]>();
  /** The safety-net sweep: one at a time, and `stop` waits for one in flight. */
  private readonly sweeps: PeriodicJob;
  private stopped = false;

  private readonly metrics: RelayLagMetric;
  private readonly soleProcess: boolean;

  constructor(
    private readonly sql: Sql,
    private readonly publish: Publish,
    private readonly log: FastifyBaseLogger,
    options: { metrics?: RelayLagMetric; soleProcess?: boolean } = {},
  ) {
    this.metrics = options.metrics ?? noMetrics;
    this.soleProcess = options.soleProcess ?? false;
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

  wake(channelId: string, committed: StoredEvent[] = []): void {
    if (this.stopped) return;
    if (this.soleProcess && committed.length > 0) this.committed.set(channelId, [...(this.committed.get(channelId) ?? []), ...committed]);
    if (this.pending.has(channelId)) return;
    this.pending.add(channelId);
    const previous = this.queued.get(channelId) ?? Promise.resolve();
    const next = previous
      // A moment's wait gathers the commits of a busy channel into one publish (one cursor move, one write to each
      // connection) instead of one per commit.
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
    const committed = this.committed.get(channelId) ?? [];
    this.committed.delete(channelId);
    const known = this.published.get(channelId);
    if (known && committed.length > 0) {
      const unpublished = committed.filter((event) => event.seq > known.seq).sort((a, b) => a.seq - b.seq);
      // All of them were published already (read from the log by an earlier drain).
      if (unpublished.length === 0) return;
      if (continues(known.seq, unpublished) && (await this.publishCommitted(channelId, known, unpublished))) return;
    }
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
        const previousPublic = this.publishInOrder(found.map(toEvent), await this.lastPublicUpTo(tx, channelId, cursorSeq));
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

  /**
   * Publishes the events this process committed right after the cursor it last moved, then moves the cursor on from
   * there. False when another process moved it meanwhile: the log is read then, and what was published twice is
   * dropped by clients, who keep the first of each sequence number.
   */
  private async publishCommitted(channelId: string, known: { seq: number; lastPublic: number }, events: StoredEvent[]): Promise<boolean> {
    const previousPublic = this.publishInOrder(events, known.lastPublic);
    const publishedSeq = events[events.length - 1]?.seq ?? known.seq;
    const moved = await this.sql`
      update relay_cursors set published_seq = ${publishedSeq} where channel_id = ${channelId} and published_seq = ${known.seq}`;
    if (moved.count === 1) {
      this.published.set(channelId, { seq: publishedSeq, lastPublic: previousPublic });
      return true;
    }
    this.published.delete(channelId);
    return false;
  }

  /** Hands the events to the fan-out in order, each with the public event before it; answers the last public one. */
  private publishInOrder(events: StoredEvent[], lastPublic: number): number {
    let previousPublic = lastPublic;
    for (const event of events) {
      this.publish(event, previousPublic);
      this.metrics.relayLag((Date.now() - Date.parse(event.at)) / 1000);
      if (event.visibility === 'public') previousPublic = event.seq;
    }
    return previousPublic;
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

/** The events follow `seq` one by one, with no number missing (none committed by another process in between). */
function continues(seq: number, events: StoredEvent[]): boolean {
  return events.every((event, index) => event.seq === seq + 1 + index);
}
