import type { ChannelEvent, ChannelEventMap, ChannelEventOf, ChannelEventType, EventPage } from '@tipchat/sdk/protocol';
import type { Queryable, Sql, TransactionSql } from '../db/connection';

export type Visibility = 'public' | 'staff';

/** Writes events inside the transaction that makes the change they report. */
export interface EventWriter {
  append<K extends ChannelEventType>(
    channelId: string,
    type: K,
    data: ChannelEventMap[K],
    visibility?: Visibility,
  ): Promise<ChannelEventOf<K>>;
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

/**
 * Appends to the channel's log. Taking the next sequence locks the channel row until the
 * transaction ends, so concurrent writers to one channel commit in sequence order with no gaps
 * — a reader that has seen N has seen everything before N.
 */
export async function appendEvent<K extends ChannelEventType>(
  tx: TransactionSql,
  channelId: string,
  type: K,
  data: ChannelEventMap[K],
  visibility: Visibility = 'public',
): Promise<ChannelEventOf<K>> {
  const [channel] = await tx<{ lastEventSeq: number }[]>`
    update channels set last_event_seq = last_event_seq + 1 where id = ${channelId} returning last_event_seq`;
  if (!channel) throw new Error(`tipchat: no channel ${channelId} to append an event to`);
  const [row] = await tx<EventRow[]>`
    insert into channel_events (channel_id, seq, type, visibility, data)
    values (${channelId}, ${channel.lastEventSeq}, ${type}, ${visibility}, ${tx.json(data as never)})
    returning *`;
  if (!row) throw new Error('tipchat: event insert returned nothing');
  return toEvent(row) as unknown as ChannelEventOf<K>;
}

/** Told after a commit that a channel has new events to publish. */
export interface RelayWaker {
  wake(channelId: string): void;
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
    const touched = new Set<string>();
    const result = await this.sql.begin((tx) =>
      work(tx, {
        append: (channelId, type, data, visibility) => {
          touched.add(channelId);
          return appendEvent(tx, channelId, type, data, visibility);
        },
      }),
    );
    for (const channelId of touched) this.relay.wake(channelId);
    return result as T;
  }

  /** Events after `after`, oldest first; staff events only for callers allowed to see them. */
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
    const rows = await q<EventRow[]>`
      select * from channel_events
      where channel_id = ${channelId} and seq > ${after} and seq <= ${lastSeq}
        ${includeStaff ? q`` : q`and visibility = 'public'`}
      order by seq limit ${limit}`;
    const events = rows.map(toEvent).map(stripVisibility);
    // A full page stops short of lastSeq: the caller continues from the last event it got.
    return { events, lastSeq: events.length === limit ? (events[events.length - 1]?.seq ?? lastSeq) : lastSeq };
  }
}

export function stripVisibility({ visibility: _visibility, ...event }: StoredEvent): ChannelEvent {
  return event as ChannelEvent;
}
