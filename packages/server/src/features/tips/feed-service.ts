import type { MarkTipBody, TipFeedItem, TipFeedPage } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import { notFound } from '../../errors';
import type { EventWriter } from '../../realtime/event-log';
import type { Actor, ChannelRef } from '../access/actor';
import type { FeatureDeps } from '../deps';
import { requireFeedReader } from './feed-access';
import { afterPosition, cursorCreatedColumn, decodeCursor, encodeCursor, feedOrder } from './feed-cursor';
import { and, checkFeedFilters, feedConditions, type TipFeedFilters } from './feed-filters';
import { filteredFeedTotals } from './feed-totals';
import { type TipRow, toTipFeedItem } from './tip-view';

type PagedRow = TipRow & { cursorCreated: string };

/** The marks a tip can have, as stored. */
interface Marks {
  read: boolean;
  starred: boolean;
  hidden: boolean;
}

const marksOf = (row: TipRow): Marks => ({ read: row.readAt !== null, starred: row.starred, hidden: row.hidden });

/**
 * The streamer's tip feed: filters, sorting, cursor pages, totals, and marks. Reading is for the
 * streamer, moderators and API keys with `events:read` (see feed-access.ts); marking for those
 * who moderate, whom the marking routes alone let in. Every tip is looked up within the channel
 * of the route, so a tip id of another channel is not found rather than readable or markable.
 */
export class TipFeedService {
  constructor(readonly deps: FeatureDeps) {}

  /**
   * One page of the filtered, sorted feed and the totals of everything the filters match. Page
   * and totals come from one snapshot, so they agree even while tips arrive. Pages are keyset
   * pages: tips added while someone pages never make them see a tip twice or miss one that was
   * there when they started.
   */
  async list(channel: ChannelRef, actor: Actor, filters: TipFeedFilters): Promise<TipFeedPage> {
    requireFeedReader(actor);
    checkFeedFilters(filters);
    const position = filters.cursor === undefined ? undefined : decodeCursor(filters.cursor, filters.sort);
    return this.deps.sql.begin('isolation level repeatable read, read only', async (tx) => {
      const where = feedConditions(tx, channel.id, filters);
      const rows = await tx<PagedRow[]>`
        select t.*, ${cursorCreatedColumn(tx)}
        from tips t
        where ${position === undefined ? where : and(tx, [where, afterPosition(tx, position)])}
        ${feedOrder(tx, filters.sort)}
        limit ${filters.limit + 1}`;
      const page = rows.slice(0, filters.limit);
      const last = page.at(-1);
      const nextCursor =
        rows.length > filters.limit && last
          ? encodeCursor({ sort: filters.sort, createdAt: last.cursorCreated, id: last.id, amount: last.amount })
          : null;
      return {
        tips: page.map(toTipFeedItem),
        nextCursor,
        totals: await filteredFeedTotals(tx, channel.id, filters),
      };
    });
  }

  /** One tip of the channel as the feed shows it, hidden or not, whatever its status. */
  async get(channel: ChannelRef, actor: Actor, tipId: string): Promise<TipFeedItem> {
    requireFeedReader(actor);
    const [row] = await this.deps.sql<TipRow[]>`select * from tips where id = ${tipId} and channel_id = ${channel.id}`;
    if (!row) throw notFound('Tip');
    return toTipFeedItem(row);
  }

  /**
   * Sets the given marks and answers the tip as it now is. A change is announced to the staff
   * ('tip.updated') in the same transaction, so every open dashboard follows; a request that
   * changes nothing writes nothing and announces nothing. Marking read keeps the first read time.
   */
  async mark(channel: ChannelRef, tipId: string, marks: MarkTipBody): Promise<TipFeedItem> {
    return this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      const [row] = await lockTips(tx, channel.id, [tipId]);
      if (!row) throw notFound('Tip');
      return toTipFeedItem((await applyMarks(tx, events, row, marks)) ?? row);
    });
  }

  /**
   * Marks several tips read or unread at once. All or nothing: if any id is not a tip of this
   * channel the answer is 404 and no tip changes (a dashboard's stale or foreign id must not half
   * apply). Returns how many tips changed; each change is announced like a single mark.
   */
  async markRead(channel: ChannelRef, tipIds: readonly string[], read: boolean): Promise<number> {
    const ids = [...new Set(tipIds)];
    return this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      const rows = await lockTips(tx, channel.id, ids);
      if (rows.length !== ids.length) throw notFound('Tip');
      let changed = 0;
      for (const row of rows) if (await applyMarks(tx, events, row, { read })) changed += 1;
      return changed;
    });
  }
}

/** The channel's tips among `ids`, locked in id order (two bulk marks never wait on each other in a cycle). */
function lockTips(tx: TransactionSql, channelId: string, ids: readonly string[]): Promise<TipRow[]> {
  return tx<TipRow[]>`
    select * from tips where channel_id = ${channelId} and id in ${tx(ids)}
    order by id
    for no key update`;
}

/** Writes the marks that differ from `row`'s and announces the result; null when nothing differs (nothing written). */
async function applyMarks(tx: TransactionSql, events: EventWriter, row: TipRow, wanted: MarkTipBody): Promise<TipRow | null> {
  const current = marksOf(row);
  const next: Marks = { ...current, ...definedMarks(wanted) };
  if (next.read === current.read && next.starred === current.starred && next.hidden === current.hidden) return null;
  const updated = await updateMarks(tx, row.id, next);
  await events.append(updated.channelId, 'tip.updated', toTipFeedItem(updated), 'staff');
  return updated;
}

/** Drops keys sent as undefined, so they cannot overwrite a current mark. */
function definedMarks(marks: MarkTipBody): Partial<Marks> {
  return Object.fromEntries(Object.entries(marks).filter(([, value]) => value !== undefined));
}

async function updateMarks(q: Queryable, tipId: string, marks: Marks): Promise<TipRow> {
  const [row] = await q<TipRow[]>`
    update tips set
      read_at = case when ${marks.read}::boolean then coalesce(read_at, now()) end,
      starred = ${marks.starred}::boolean,
      hidden = ${marks.hidden}::boolean,
      updated_at = now()
    where id = ${tipId}
    returning *`;
  if (!row) throw new Error(`tipchat: tip ${tipId} vanished while locked`);
  return row;
}
