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
 * How long the cursor may lag behind what this process published from its own commits (only without Redis). Moving it
 * after every publish cost a statement and a commit each time (a busy channel publishes every COALESCE_MS or so); after
 * a crash at most this much is published again, and clients drop what they already have by sequence.
 */
const CURSOR_SAVE_MS = 250;

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
 * it during a deploy: the log is read then, and an event may go out twice). That statement is
 * issued at most every CURSOR_SAVE_MS per channel, for everything published meanwhile. The log is
 * still read after a start, after commits it was not handed, and on every sweep, each time after
 * saving the cursor.
 */
export class Relay {
  private readonly queued = new Map<string, Promise<void>>();
  private readonly pending = new Set<string>();
  /** Channels known to have a cursor row: the insert that makes one is needed once per channel and process. */
  private readonly cursorRows = new Set<string>();
  /**
   * Per channel, what this process published last and the last public event up to it: when the
   * cursor is still there on the next drain (no other process published meanwhile), the query
   * for the last public event is not needed. `saved` is where this process left the cursor row;
   * published events after it wait for the next save.
   */
  private readonly published = new Map<string, Published>();
  /** Channels whose cursor is due to be saved (sole process only): the timer that will. */
  private readonly saves = new Map<string, NodeJS.Timeout>();
  /** Per channel, events this process committed and has not published yet, as the commits handed them over. */
  private readonly committed = new Map<string, StoredEvent[]>();
  /** The safety-net sweep: one at a time, and `stop` waits for one in flight. */
  private readonly sweeps: PeriodicJob;
  private stopped = false;

  private readonly metrics: RelayLagMetric;
  private readonly soleProcess: boolean;
  private readonly cursorSaveMs: number;

  constructor(
    private readonly sql: Sql,
    private readonly publish: Publish,
    private readonly log: FastifyBaseLogger,
    options: { metrics?: RelayLagMetric; soleProcess?: boolean; cursorSaveMs?: number } = {},
  ) {
    this.metrics = options.metrics ?? noMetrics;
    this.soleProcess = options.soleProcess ?? false;
    this.cursorSaveMs = options.cursorSaveMs ?? CURSOR_SAVE_MS;
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
    await this.idle();
  }

  wake(channelId: string, committed: StoredEvent[] = []): void {
    if (this.stopped) return;
    if (this.soleProcess && committed.length > 0) this.committed.set(channelId, [...(this.committed.get(channelId) ?? []), ...committed]);
    if (this.pending.has(channelId)) return;
    this.pending.add(channelId);
    this.enqueue(channelId, async () => {
      // A moment's wait gathers the commits of a busy channel into one publish (one write to each connection)
      // instead of one per commit.
      await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
      this.pending.delete(channelId);
      await this.drain(channelId);
    });
  }

  /** Runs `task` after everything queued for the channel: its publishes and cursor moves happen one at a time. */
  private enqueue(channelId: string, task: () => Promise<void>): void {
    const next = (this.queued.get(channelId) ?? Promise.resolve())
      .then(task)
      .catch((error: unknown) => this.log.error({ err: error, channelId }, 'relay failed to publish'))
      .finally(() => {
        if (this.queued.get(channelId) === next) this.queued.delete(channelId);
      });
    this.queued.set(channelId, next);
  }

  /** Resolves once every wake so far has been handled and every cursor saved (tests and shutdown use it). */
  async idle(): Promise<void> {
    for (;;) {
      while (this.queued.size > 0) await Promise.allSettled([...this.queued.values()]);
      if (this.saves.size === 0) return;
      for (const channelId of this.saves.keys()) this.enqueue(channelId, () => this.saveCursor(channelId));
    }
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
      if (continues(known.seq, unpublished)) return this.publishCommitted(channelId, known, unpublished);
    }
    // The log is read from the cursor row: it first has to hold what this process published.
    await this.saveCursor(channelId);
    if (!this.cursorRows.has(channelId)) {
      await this.sql`insert into relay_cursors (channel_id) values (${channelId}) on conflict do nothing`;
      this.cursorRows.add(channelId);
    }
    for (;;) {
      if (this.stopped) return;
      let moved: Promise<unknown> = Promise.resolve();
      let now: Published | undefined;
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
        // Only events after the cursor as locked: when another process moved it between this statement's snapshot and
        // the lock, Postgres re-checks the newer cursor row but keeps the events joined to the older one (READ
        // COMMITTED), and those were published by the process that moved it.
        const found = rows.filter(
          (row): row is EventRow & { cursorSeq: number } =>
            row.seq !== null && row.seq !== undefined && cursorSeq !== undefined && row.seq > cursorSeq,
        );
        if (cursorSeq === undefined || found.length === 0) return false;
        const previousPublic = this.publishInOrder(found.map(toEvent), await this.lastPublicUpTo(tx, channelId, cursorSeq));
        const publishedSeq = found[found.length - 1]?.seq ?? cursorSeq;
        // Sent with the COMMIT that follows (one round trip). Published already: if this fails, they are published again.
        moved = tx`update relay_cursors set published_seq = ${publishedSeq} where channel_id = ${channelId}`.execute();
        moved.catch(() => {});
        now = { seq: publishedSeq, lastPublic: previousPublic, saved: publishedSeq };
        return found.length === BATCH;
      });
      try {
        await moved;
      } catch (error) {
        this.published.delete(channelId);
        throw error;
      }
      if (now) this.published.set(channelId, now);
      if (!more) return;
    }
  }

  /**
   * Publishes the events this process committed right after what it published last; the cursor follows within
   * CURSOR_SAVE_MS.
   */
  private publishCommitted(channelId: string, known: Published, events: StoredEvent[]): void {
    const lastPublic = this.publishInOrder(events, known.lastPublic);
    this.published.set(channelId, { seq: events[events.length - 1]?.seq ?? known.seq, lastPublic, saved: known.saved });
    if (this.saves.has(channelId)) return;
    this.saves.set(
      channelId,
      setTimeout(() => this.enqueue(channelId, () => this.saveCursor(channelId)), this.cursorSaveMs),
    );
  }

  /**
   * Moves the cursor row from where this process left it to what it published since, only if nothing else moved it.
   * When another process did, the log is read from there: what was published twice is dropped by clients, who keep
   * the first of each sequence number.
   */
  private async saveCursor(channelId: string): Promise<void> {
    // Whoever asked (its timer, idle, a read of the log), the save due is this one.
    clearTimeout(this.saves.get(channelId));
    this.saves.delete(channelId);
    const known = this.published.get(channelId);
    if (!known || known.seq === known.saved) return;
    const moved = await this.sql`
      update relay_cursors set published_seq = ${known.seq} where channel_id = ${channelId} and published_seq = ${known.saved}`;
    // Nothing publishes meanwhile: saves and publishes of a channel take turns (enqueue).
    if (moved.count === 1) return void this.published.set(channelId, { ...known, saved: known.seq });
    this.published.delete(channelId);
    this.wake(channelId);
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

/** What this process published last on a channel, the last public event up to it, and where it left the cursor row. */
interface Published {
  seq: number;
  lastPublic: number;
  saved: number;
}

/** The events follow `seq` one by one, with no number missing (none committed by another process in between). */
function continues(seq: number, events: StoredEvent[]): boolean {
  return events.every((event, index) => event.seq === seq + 1 + index);
}
