import type { ChannelEvent, ChannelEventMap, ChannelEventType, EventPage } from '@tipchat/sdk/protocol';
import type { Queryable, Sql, TransactionSql } from '../db/connection';
import { notFound } from '../errors';
import { type LockedChannel, lockChannel } from './channel-lock';
import { eventsPruned } from './retention';

export type Visibility = 'public' | 'staff';

/**
 * Writes events inside the transaction that makes the change they report. A channel must be
 * locked (step 1 of the lock order in channel-lock.ts) before anything is appended to its log:
 * holding the channel row is what keeps the log gapless and in commit order.
 */
export interface EventWriter {
  /** Locks the channel row for the rest of the transaction (once; later calls answer from memory). */
  lock(channelId: string): Promise<LockedChannel>;
  /** The number the channel's next appended event will get (for rows that carry it, like chat messages). */
  nextSeq(channelId: string): number;
  /** Adds an event to the transaction's batch and answers its sequence number; written with the rest before commit. */
  append<K extends ChannelEventType>(channelId: string, type: K, data: ChannelEventMap[K], visibility?: Visibility): Promise<number>;
  /**
   * A statement already issued and not awaited, to travel with the events and the COMMIT (no round trip of its
   * own). Postgres answers a COMMIT after a failed statement by rolling back without an error, so the transaction
   * raises the statement's own failure.
   */
  sendWithCommit(statement: Promise<unknown>): void;
}

export interface EventRow {
  channelId: string;
  seq: number;
  type: string;
  data: unknown;
  visibility: Visibility;
  createdAt: Date;
}

export type StoredEvent = ChannelEvent & { visibility: Visibility };

export function toEvent(row: EventRow): StoredEvent {
  return {
    channelId: row.channelId,
    seq: row.seq,
    type: row.type,
    data: row.data,
    at: row.createdAt.toISOString(),
    visibility: row.visibility,
  } as StoredEvent;
}

interface PendingEvent {
  channelId: string;
  seq: number;
  type: string;
  visibility: Visibility;
  data: unknown;
}

/**
 * One transaction's events. Sequence numbers are handed out from the locked channel's head in
 * memory, and every event of the transaction is written in one statement at the end (with the
 * new head): a paid tip's five or six events cost one round trip under the lock, not twelve.
 */
export class TransactionEvents implements EventWriter {
  private readonly locked = new Map<string, { channel: LockedChannel; head: number }>();
  private pending: PendingEvent[] = [];
  private readonly withCommit: Promise<unknown>[] = [];

  constructor(private readonly tx: TransactionSql) {}

  async lock(channelId: string): Promise<LockedChannel> {
    const known = this.locked.get(channelId);
    if (known) return known.channel;
    const channel = await lockChannel(this.tx, channelId);
    if (!channel) throw notFound('Channel');
    this.locked.set(channelId, { channel, head: channel.lastEventSeq });
    return channel;
  }

  nextSeq(channelId: string): number {
    return this.lockedState(channelId, 'read its next sequence').head + 1;
  }

  async append<K extends ChannelEventType>(
    channelId: string,
    type: K,
    data: ChannelEventMap[K],
    visibility: Visibility = 'public',
  ): Promise<number> {
    const state = this.lockedState(channelId, `append ${type}`);
    state.head += 1;
    this.pending.push({ channelId, seq: state.head, type, visibility, data });
    return state.head;
  }

  sendWithCommit(statement: Promise<unknown>): void {
    statement.catch(() => {});
    this.withCommit.push(statement);
  }

  /** Resolves once the statements sent with the COMMIT are answered; rejects with the first failure among them. */
  async sentWithCommit(): Promise<void> {
    await Promise.all(this.withCommit);
  }

  private lockedState(channelId: string, what: string): { channel: LockedChannel; head: number } {
    const state = this.locked.get(channelId);
    // A programming error, not a user's: writing to the log without the lock would break the lock order.
    if (!state) throw new Error(`tipchat: lock channel ${channelId} (events.lock) before you ${what}`);
    return state;
  }

  /**
   * Writes the batch and moves each channel's head, in one statement; called just before commit. Answers the events
   * as they will read back once committed, per channel, for the relay to publish without reading them back.
   */
  async flush(): Promise<Map<string, StoredEvent[]>> {
    const batch = this.pending;
    const written = new Map<string, StoredEvent[]>();
    if (batch.length === 0) return written;
    this.pending = [];
    const heads = [...this.locked.entries()].filter(([id]) => batch.some((e) => e.channelId === id));
    // Keys as the columns are named: postgres.js renames result columns, not the insides of a json parameter. Encoded
    // here once: the same text is what the log stores and, decoded, what the relay publishes. Sent as text (a jsonb
    // parameter would be encoded again, as a JSON string).
    const rows = JSON.stringify(
      batch.map((e) => ({ channel_id: e.channelId, seq: e.seq, type: e.type, visibility: e.visibility, data: e.data })),
    );
    const [head] = await this.tx<{ at: Date }[]>`
      with appended as (
        insert into channel_events (channel_id, seq, type, visibility, data)
        select e.channel_id, e.seq, e.type, e.visibility, e.data
        from jsonb_to_recordset(${rows}::text::jsonb)
          as e (channel_id uuid, seq bigint, type text, visibility text, data jsonb)
      )
      update channels c set last_event_seq = h.seq
      from jsonb_to_recordset(${this.tx.json(heads.map(([id, state]) => ({ id, seq: state.head })) as never)}::jsonb)
        as h (id uuid, seq bigint)
      where c.id = h.id
      returning now() as at`;
    // now() is the transaction's start, which is also what the rows' created_at default to.
    const at = (head?.at ?? new Date()).toISOString();
    for (const e of JSON.parse(rows) as { channel_id: string; seq: number; type: string; visibility: Visibility; data: unknown }[]) {
      const event = { channelId: e.channel_id, seq: e.seq, type: e.type, data: e.data, at, visibility: e.visibility } as StoredEvent;
      const list = written.get(event.channelId);
      if (list) list.push(event);
      else written.set(event.channelId, [event]);
    }
    return written;
  }
}

/** Told after a commit that a channel has new events to publish, and which (this transaction's, in order). */
export interface RelayWaker {
  wake(channelId: string, committed?: StoredEvent[]): void;
}

/**
 * The transactional outbox: run a change and its events in one transaction, then wake the relay
 * for the channels that got events. If the process dies before the wake, the relay's start-up
 * sweep publishes them.
 */
export class EventLog {
  constructor(
    private readonly sql: Sql,
    private readonly relay: RelayWaker,
  ) {}

  async transaction<T>(work: (tx: TransactionSql, events: EventWriter) => Promise<T>): Promise<T> {
    let flushed: Promise<Map<string, StoredEvent[]>> = Promise.resolve(new Map());
    let writer: TransactionEvents | undefined;
    let result: unknown;
    try {
      result = await this.sql.begin(async (tx) => {
        const events = new TransactionEvents(tx);
        writer = events;
        const value = await work(tx, events);
        // Sent, not awaited: the events travel with the COMMIT that follows, in one round trip. If their write fails,
        // the transaction is aborted and Postgres answers the COMMIT by rolling back; the error is raised below.
        flushed = events.flush();
        flushed.catch(() => {});
        return value;
      });
    } catch (error) {
      // A statement sent with the COMMIT that failed is the cause of what failed after it: its own error is raised.
      await writer?.sentWithCommit();
      throw error;
    }
    // Sent before the events: a failure there is what made their write fail, if it did.
    await writer?.sentWithCommit();
    for (const [channelId, committed] of await flushed) this.relay.wake(channelId, committed);
    return result as T;
  }

  /** The channel's newest sequence number. */
  async head(channelId: string): Promise<number> {
    const [channel] = await this.sql<{ lastEventSeq: number }[]>`select last_event_seq from channels where id = ${channelId}`;
    return channel?.lastEventSeq ?? 0;
  }

  /**
   * Events after `after`, oldest first; staff events only for callers allowed to see them.
   * `lastSeq` is read first and bounds the page, so when fewer than `limit` events come back the
   * caller has seen everything up to `lastSeq` — including events it may not see.
   */
  async page(channelId: string, after: number, limit: number, includeStaff: boolean, q: Queryable = this.sql): Promise<EventPage> {
    const [channel] = await q<{ lastEventSeq: number }[]>`select last_event_seq from channels where id = ${channelId}`;
    const lastSeq = channel?.lastEventSeq ?? 0;
    // The retention watermark comes in the same statement as the events (one snapshot): a prune
    // that commits meanwhile shows as a higher watermark (410), never as missing events.
    const rows = await q<(EventRow & { prunedThrough: number })[]>`
      select w.pruned_through, e.* from (
        select coalesce(max(pruned_through_seq), 0) as pruned_through from channel_event_retention where channel_id = ${channelId}
      ) w
      left join lateral (
        select * from channel_events
        where channel_id = ${channelId} and seq > ${after} and seq <= ${lastSeq}
          ${includeStaff ? q`` : q`and visibility = 'public'`}
        order by seq limit ${limit}
      ) e on true
      order by e.seq`;
    const prunedThrough = rows[0]?.prunedThrough ?? 0;
    if (after < prunedThrough) throw eventsPruned(after, prunedThrough, lastSeq);
    const events = rows
      .filter((row) => row.seq !== null)
      .map(toEvent)
      .map(stripVisibility);
    // A full page stops short of lastSeq: the caller continues from the last event it got.
    return { events, lastSeq: events.length === limit ? (events[events.length - 1]?.seq ?? lastSeq) : lastSeq };
  }
}

export function stripVisibility({ visibility: _visibility, ...event }: StoredEvent): ChannelEvent {
  return event as ChannelEvent;
}
