import type { HttpClient } from '../http';
import type { MarkTipBody, TipFeedItem, TipFeedPage, TipFeedQuery, TipStatus } from '../protocol/tips';
import { channelPath } from './paths';

export type TipFeedSort = NonNullable<TipFeedQuery['sort']>;

/** Filters, order and page of the tip feed, as typed values; the SDK writes the query string. */
export interface TipFeedOptions {
  /** One status or several. Default: every paid status (not pending, not failed). */
  status?: TipStatus | readonly TipStatus[];
  /** Tips created at or after this instant. */
  from?: Date | string;
  /** Tips created before this instant (exclusive). */
  to?: Date | string;
  /** Gross amount bounds in minor units, both inclusive. */
  minAmount?: number;
  maxAmount?: number;
  /** true: only tips with a message; false: only tips without one. */
  hasMessage?: boolean;
  /** true: only unread tips; false: only read ones. */
  unread?: boolean;
  /** true: only starred tips; false: only unstarred ones. */
  starred?: boolean;
  /** Hidden tips are left out unless this is true. */
  includeHidden?: boolean;
  streamId?: string;
  /** Case-insensitive search in display names and messages. */
  q?: string;
  /** Default 'newest'. */
  sort?: TipFeedSort;
  /** 1–100, default 50. */
  limit?: number;
  /** The previous page's `nextCursor`, with the same sort. */
  cursor?: string | null;
}

type QueryValue = string | number | boolean | undefined;

const instant = (value: Date | string | undefined) => (value instanceof Date ? value.toISOString() : value);

/** The query string the server's feed route reads: statuses as a comma list, instants as ISO text. */
export function tipFeedQuery(options: TipFeedOptions): Record<string, QueryValue> {
  const { status, from, to, cursor, ...rest } = options;
  return {
    ...rest,
    status: status === undefined ? undefined : typeof status === 'string' ? status : status.join(','),
    from: instant(from),
    to: instant(to),
    cursor: cursor ?? undefined,
  };
}

/**
 * The streamer's tip feed (streamer, moderators, API keys with `events:read`): filters, sorting,
 * cursor pages with totals of the whole filtered set, and marks (read, starred, hidden), which
 * need the streamer, a moderator or an API key with `moderation`.
 */
export class TipFeedResource {
  constructor(private readonly http: HttpClient) {}

  /** One page; pass its `nextCursor` back (same filters and sort) for the next, until it is null. */
  list(slug: string, options: TipFeedOptions = {}): Promise<TipFeedPage> {
    return this.http.request('GET', channelPath(slug, 'tips'), { query: tipFeedQuery(options), auth: true, channel: slug });
  }

  /** Every page in turn, following `nextCursor` from `options.cursor` (or the start). */
  async *pages(slug: string, options: TipFeedOptions = {}): AsyncGenerator<TipFeedPage, void, undefined> {
    let cursor = options.cursor ?? null;
    do {
      const page = await this.list(slug, { ...options, cursor });
      yield page;
      cursor = page.nextCursor;
    } while (cursor !== null);
  }

  /** One tip of the channel as the feed shows it, hidden or not. */
  get(slug: string, tipId: string): Promise<TipFeedItem> {
    return this.http.request('GET', channelPath(slug, 'tips', tipId), { auth: true, channel: slug });
  }

  /** Sets the given marks and returns the tip as it now is; other dashboards receive 'tip.updated'. */
  mark(slug: string, tipId: string, marks: MarkTipBody): Promise<TipFeedItem> {
    return this.http.request('PATCH', channelPath(slug, 'tips', tipId), { body: marks, auth: true, channel: slug });
  }

  /** Marks up to 100 tips read (or unread); all or nothing: fails with 404 if any id is not this channel's. */
  async markRead(slug: string, tipIds: readonly string[], read = true): Promise<void> {
    await this.http.request('POST', channelPath(slug, 'tips', 'mark-read'), { body: { ids: tipIds, read }, auth: true, channel: slug });
  }
}
