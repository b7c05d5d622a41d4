import { parseAmount, startOfLocalDay, startOfNextLocalDay } from '../format';
import type { TipFeedItem, TipFeedOptions, TipFeedSort, TipStatus } from '../sdk';

/** Every status a tip can have, in the filter's order. */
export const ALL_STATUSES: readonly TipStatus[] = [
  'succeeded',
  'partially_refunded',
  'refunded',
  'disputed',
  'dispute_lost',
  'pending',
  'failed',
];
/** What the feed shows when no status is chosen: every paid status. */
const PAID: ReadonlySet<TipStatus> = new Set(['succeeded', 'partially_refunded', 'refunded', 'disputed', 'dispute_lost']);

export const SORTS: readonly TipFeedSort[] = ['newest', 'oldest', 'amount_desc', 'amount_asc'];

/** The filter form as typed: text fields stay text until the filter is applied. */
export interface TipFilter {
  statuses: TipStatus[];
  read: 'any' | 'unread' | 'read';
  starred: 'any' | 'starred' | 'unstarred';
  minAmount: string;
  maxAmount: string;
  /** `YYYY-MM-DD`, local days, both inclusive. */
  from: string;
  to: string;
  q: string;
  includeHidden: boolean;
  sort: TipFeedSort;
}

export const DEFAULT_FILTER: Readonly<TipFilter> = {
  statuses: [],
  read: 'any',
  starred: 'any',
  minAmount: '',
  maxAmount: '',
  from: '',
  to: '',
  q: '',
  includeHidden: false,
  sort: 'newest',
};

export function isDefaultFilter(filter: TipFilter): boolean {
  return (Object.keys(DEFAULT_FILTER) as (keyof TipFilter)[]).every((key) =>
    key === 'statuses' ? filter.statuses.length === 0 : key === 'sort' || filter[key] === DEFAULT_FILTER[key],
  );
}

/** The filter form's fields (a FormData) as a filter. */
export function filterFromForm(data: FormData): TipFilter {
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const statuses = data.getAll('status').filter((s): s is TipStatus => (ALL_STATUSES as readonly string[]).includes(String(s)));
  const read = text('read');
  const starred = text('starred');
  const sort = text('sort');
  return {
    statuses,
    read: read === 'unread' || read === 'read' ? read : 'any',
    starred: starred === 'starred' || starred === 'unstarred' ? starred : 'any',
    minAmount: text('minAmount'),
    maxAmount: text('maxAmount'),
    from: text('from'),
    to: text('to'),
    q: text('q'),
    includeHidden: data.get('includeHidden') !== null,
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as TipFeedSort) : 'newest',
  };
}

/** A field of the filter that cannot be read: an amount that is not one. */
export type FilterProblem = 'minAmount' | 'maxAmount';

/** The SDK's feed options for a filter, amounts in the channel's currency; or the field that is wrong. */
export function feedOptions(filter: TipFilter, currency: string, streamId?: string): TipFeedOptions | FilterProblem {
  const min = filter.minAmount ? parseAmount(filter.minAmount, currency) : undefined;
  if (min === null) return 'minAmount';
  const max = filter.maxAmount ? parseAmount(filter.maxAmount, currency) : undefined;
  if (max === null) return 'maxAmount';
  const options: TipFeedOptions = { sort: filter.sort };
  if (filter.statuses.length) options.status = filter.statuses;
  if (filter.read !== 'any') options.unread = filter.read === 'unread';
  if (filter.starred !== 'any') options.starred = filter.starred === 'starred';
  if (min !== undefined) options.minAmount = min;
  if (max !== undefined) options.maxAmount = max;
  const from = startOfLocalDay(filter.from);
  const to = startOfNextLocalDay(filter.to);
  if (from) options.from = from;
  if (to) options.to = to;
  if (filter.q) options.q = filter.q;
  if (filter.includeHidden) options.includeHidden = true;
  if (streamId) options.streamId = streamId;
  return options;
}

/**
 * Whether a tip belongs in a feed with these options: the same rules the server applies, so a
 * tip arriving live lands in the list only when a reload would show it there.
 */
export function matches(tip: TipFeedItem, options: TipFeedOptions): boolean {
  const statuses = options.status === undefined ? PAID : new Set(typeof options.status === 'string' ? [options.status] : options.status);
  if (!statuses.has(tip.status)) return false;
  if (tip.hidden && !options.includeHidden) return false;
  if (options.unread !== undefined && tip.read === options.unread) return false;
  if (options.starred !== undefined && tip.starred !== options.starred) return false;
  if (options.minAmount !== undefined && tip.amount < options.minAmount) return false;
  if (options.maxAmount !== undefined && tip.amount > options.maxAmount) return false;
  const created = Date.parse(tip.createdAt);
  if (options.from !== undefined && created < Date.parse(String(options.from))) return false;
  if (options.to !== undefined && created >= Date.parse(String(options.to))) return false;
  if (options.streamId !== undefined && tip.streamId !== options.streamId) return false;
  if (options.q) {
    const q = options.q.toLocaleLowerCase();
    if (!tip.displayName.toLocaleLowerCase().includes(q) && !tip.fullMessage.toLocaleLowerCase().includes(q)) return false;
  }
  return true;
}

/** The feed's order, so a live tip goes where a reload would put it. */
export function compareTips(sort: TipFeedSort): (a: TipFeedItem, b: TipFeedItem) => number {
  const byTime = (a: TipFeedItem, b: TipFeedItem) =>
    Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  switch (sort) {
    case 'oldest':
      return byTime;
    case 'amount_desc':
      return (a, b) => b.amount - a.amount || byTime(b, a);
    case 'amount_asc':
      return (a, b) => a.amount - b.amount || byTime(a, b);
    default:
      return (a, b) => byTime(b, a);
  }
}

/**
 * `items` with `tip` in it: replaced where it was, else inserted in order — unless it would
 * land after the last loaded tip while more pages exist (it belongs to a page not loaded yet).
 */
export function upsertTip(items: readonly TipFeedItem[], tip: TipFeedItem, sort: TipFeedSort, complete: boolean): TipFeedItem[] | null {
  const index = items.findIndex((item) => item.id === tip.id);
  if (index !== -1) return items.map((item, i) => (i === index ? tip : item));
  const compare = compareTips(sort);
  const at = items.findIndex((item) => compare(tip, item) < 0);
  if (at === -1) return complete ? [...items, tip] : null;
  return [...items.slice(0, at), tip, ...items.slice(at)];
}
