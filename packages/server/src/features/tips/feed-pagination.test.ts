import { TIP_STATUSES, type TipFeedPage, type TipStatus } from '@tipchat/sdk/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server';
import type { TipFeedSort } from './feed-cursor';
import { PAID_STATUSES } from './feed-filters';
import { addTip, allPages, type FeedChannel, type FeedTipFields, feedChannel, ids, type TipFeedOptions } from './feed-test-kit';
import type { TipRow } from './tip-view';

let server: TestServer;
let channel: FeedChannel;

beforeAll(async () => {
  server = await startTestServer();
  channel = await feedChannel(server);
});
afterAll(() => server.close());

const SORTS: TipFeedSort[] = ['newest', 'oldest', 'amount_desc', 'amount_asc'];
const T0 = Date.parse('2024-06-01T00:00:00.000Z');

/** Mostly `common`, sometimes anything from `all`: most tips stay visible in a default listing. */
const mostly = <T>(common: T, all: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(common), weight: 3 }, { arbitrary: all, weight: 1 });

/** Few amounts and few instants, so ties in amount and in time (same millisecond) are the rule, not the exception. */
const tipArbitrary = fc.record({
  amount: fc.constantFrom(100, 200, 300, 1_000),
  second: fc.integer({ min: 0, max: 4 }),
  status: mostly<TipStatus>('succeeded', fc.constantFrom(...TIP_STATUSES)),
  message: fc.constantFrom('', 'hi there', 'GG'),
  read: fc.boolean(),
  starred: fc.boolean(),
  hidden: mostly(false, fc.boolean()),
});
type TipSpec = typeof tipArbitrary extends fc.Arbitrary<infer T> ? T : never;

const fieldsOf = (spec: TipSpec): FeedTipFields => ({
  amount: spec.amount,
  createdAt: new Date(T0 + spec.second * 1_000),
  status: spec.status,
  message: spec.message,
  read: spec.read,
  starred: spec.starred,
  hidden: spec.hidden,
});

/** Starts a run on an empty feed: property runs share one channel. */
async function replaceTips(specs: readonly TipSpec[]): Promise<TipRow[]> {
  await server.app.sql`delete from tips where channel_id = ${channel.id}`;
  const rows: TipRow[] = [];
  for (const spec of specs) rows.push(await addTip(server, channel.id, fieldsOf(spec)));
  return rows;
}

const byId = (a: TipRow, b: TipRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byTime = (a: TipRow, b: TipRow) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b);

/** The order the feed promises, written independently of its SQL (uuids order as their hex text). */
const ORDER: Record<TipFeedSort, (a: TipRow, b: TipRow) => number> = {
  newest: (a, b) => byTime(b, a),
  oldest: byTime,
  amount_desc: (a, b) => b.amount - a.amount || byTime(b, a),
  amount_asc: (a, b) => a.amount - b.amount || byTime(a, b),
};

/** A filter left out three times in four, so a combination still matches something. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => mostly<T | undefined>(undefined, arbitrary);

const filterArbitrary = fc.record({
  status: sometimes(fc.subarray([...TIP_STATUSES], { minLength: 1 })),
  minAmount: sometimes(fc.constantFrom(100, 200, 300)),
  maxAmount: sometimes(fc.constantFrom(300, 1_000)),
  hasMessage: sometimes(fc.boolean()),
  unread: sometimes(fc.boolean()),
  starred: sometimes(fc.boolean()),
  includeHidden: sometimes(fc.boolean()),
  fromSecond: sometimes(fc.integer({ min: 0, max: 4 })),
  toSecond: sometimes(fc.integer({ min: 1, max: 5 })),
});
type FilterSpec = Partial<typeof filterArbitrary extends fc.Arbitrary<infer T> ? T : never>;

function optionsOf(filters: FilterSpec): TipFeedOptions {
  const { fromSecond, toSecond, ...rest } = filters;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    ...(fromSecond === undefined ? {} : { from: new Date(T0 + fromSecond * 1_000) }),
    ...(toSecond === undefined ? {} : { to: new Date(T0 + toSecond * 1_000) }),
  };
}

/** What the filters should let through, decided in plain TypeScript. */
function matches(row: TipRow, filters: FilterSpec): boolean {
  const time = row.createdAt.getTime();
  return (
    (filters.status ?? PAID_STATUSES).includes(row.status) &&
    (filters.includeHidden === true || !row.hidden) &&
    (filters.minAmount === undefined || row.amount >= filters.minAmount) &&
    (filters.maxAmount === undefined || row.amount <= filters.maxAmount) &&
    (filters.hasMessage === undefined || (row.message !== '') === filters.hasMessage) &&
    (filters.unread === undefined || (row.readAt === null) === filters.unread) &&
    (filters.starred === undefined || row.starred === filters.starred) &&
    (filters.fromSecond === undefined || time >= T0 + filters.fromSecond * 1_000) &&
    (filters.toSecond === undefined || time < T0 + filters.toSecond * 1_000)
  );
}

const consistentRanges = (filters: FilterSpec) =>
  (filters.minAmount === undefined || filters.maxAmount === undefined || filters.minAmount <= filters.maxAmount) &&
  (filters.fromSecond === undefined || filters.toSecond === undefined || filters.fromSecond <= filters.toSecond);

function expectDistinct(pages: TipFeedPage[]): string[] {
  const listed = pages.flatMap((page) => ids(page.tips));
  expect(new Set(listed).size).toBe(listed.length);
  return listed;
}

describe('tip feed pages', () => {
  it('page through to exactly the filtered, sorted feed, with no tip twice, for random feeds, filters, orders and page sizes', async () => {
    let listedInAll = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(tipArbitrary, { maxLength: 30, size: 'max' }),
        filterArbitrary.filter(consistentRanges),
        fc.constantFrom(...SORTS),
        fc.integer({ min: 1, max: 7 }),
        async (specs, filters, sort, limit) => {
          const rows = await replaceTips(specs);
          const expected = rows.filter((row) => matches(row, filters)).sort(ORDER[sort]);
          const pages = await allPages(channel.owner, channel.slug, { ...optionsOf(filters), sort, limit });
          expect(expectDistinct(pages)).toEqual(ids(expected));
          for (const page of pages.slice(0, -1)) expect(page.tips).toHaveLength(limit);
          expect(pages.at(-1)?.nextCursor).toBeNull();
          for (const page of pages) expect(page.totals.count).toBe(expected.length);
          listedInAll += expected.length;
        },
      ),
      { numRuns: 40 },
    );
    // The property means little if the filters left nothing to page through.
    expect(listedInAll).toBeGreaterThan(100);
  }, 240_000);

  it('never repeats or skips a tip that existed at the first page, whatever is added between pages', async () => {
    const newTip = fc.record({ spec: tipArbitrary, afterPage: fc.integer({ min: 0, max: 5 }) });
    let originalsListed = 0;
    let newcomersListed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(tipArbitrary, { minLength: 1, maxLength: 20, size: 'max' }),
        fc.array(newTip, { maxLength: 10 }),
        fc.constantFrom(...SORTS),
        fc.integer({ min: 1, max: 5 }),
        async (specs, added, sort, limit) => {
          const original = (await replaceTips(specs)).filter((row) => matches(row, {})).sort(ORDER[sort]);
          const pages: TipFeedPage[] = [];
          let cursor: string | null = null;
          do {
            // Tips paid while the streamer reads: same amounts and same seconds as the ones already there.
            for (const { spec } of added.filter(({ afterPage }) => afterPage === pages.length)) {
              await addTip(server, channel.id, fieldsOf(spec));
            }
            const page: TipFeedPage = await channel.owner.tipFeed.list(channel.slug, { sort, limit, cursor });
            pages.push(page);
            cursor = page.nextCursor;
          } while (cursor !== null);
          const listed = expectDistinct(pages);
          const originalIds = ids(original);
          // Every original tip, once, in its order; newcomers only where their place is still ahead of the reader.
          expect(listed.filter((id) => originalIds.includes(id))).toEqual(originalIds);
          const all = await server.app.sql<TipRow[]>`select * from tips where channel_id = ${channel.id}`;
          const order = new Map(
            all
              .filter((row) => matches(row, {}))
              .sort(ORDER[sort])
              .map((row, index) => [row.id, index]),
          );
          const positions = listed.map((id) => order.get(id) ?? -1);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          originalsListed += originalIds.length;
          newcomersListed += listed.length - originalIds.length;
        },
      ),
      { numRuns: 25 },
    );
    expect(originalsListed).toBeGreaterThan(100);
    expect(newcomersListed).toBeGreaterThan(10);
  }, 240_000);
});

describe('tip feed pages at the edges', () => {
  it('keeps newest-first pages stable when newer tips and tips tied with the page boundary arrive', async () => {
    const rows = await replaceTips([]);
    for (let i = 0; i < 12; i++) {
      rows.push(await addTip(server, channel.id, { amount: 500, createdAt: new Date(T0 + Math.floor(i / 3) * 1_000) }));
    }
    const original = rows.sort(ORDER.newest);
    const first = await channel.owner.tipFeed.list(channel.slug, { limit: 4 });
    expect(ids(first.tips)).toEqual(ids(original.slice(0, 4)));
    const boundary = original[3];
    if (!boundary) throw new Error('no boundary tip');
    // Newer tips, and tips created in the very same instant as the last tip of the first page.
    for (let i = 0; i < 3; i++) await addTip(server, channel.id, { amount: 500, createdAt: new Date(T0 + 60_000) });
    for (let i = 0; i < 6; i++) await addTip(server, channel.id, { amount: 500, createdAt: boundary.createdAt });
    const rest = await allPages(channel.owner, channel.slug, { limit: 4, cursor: first.nextCursor });
    const listed = expectDistinct([first, ...rest]);
    expect(listed.filter((id) => ids(original).includes(id))).toEqual(ids(original));
    // A newcomer tied with the boundary shows up only if its id sorts after the boundary's.
    const all = await server.app.sql<TipRow[]>`select * from tips where channel_id = ${channel.id}`;
    const tiedNewcomers = all.filter((row) => !ids(original).includes(row.id) && row.createdAt.getTime() === boundary.createdAt.getTime());
    for (const row of tiedNewcomers) expect(listed.includes(row.id)).toBe(row.id < boundary.id);
  });

  it('keeps amount pages stable when tips of the same amount as the page boundary arrive', async () => {
    const rows = await replaceTips([]);
    for (const amount of [900, 700, 700, 700, 700, 500, 500, 300]) {
      rows.push(await addTip(server, channel.id, { amount, createdAt: new Date(T0) }));
    }
    const original = rows.sort(ORDER.amount_desc);
    const first = await channel.owner.tipFeed.list(channel.slug, { sort: 'amount_desc', limit: 3 });
    for (const amount of [1_000, 700, 700, 700, 100]) await addTip(server, channel.id, { amount, createdAt: new Date(T0) });
    const rest = await allPages(channel.owner, channel.slug, { sort: 'amount_desc', limit: 3, cursor: first.nextCursor });
    const listed = expectDistinct([first, ...rest]);
    expect(listed.filter((id) => ids(original).includes(id))).toEqual(ids(original));
    const amounts = [first, ...rest].flatMap((page) => page.tips.map((tip) => tip.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    // The bigger newcomer belongs before the reader's position: it never shows up on a later page.
    expect(amounts).not.toContain(1_000);
    expect(amounts.at(-1)).toBe(100);
  });

  it('tells apart tips created in the same millisecond (the cursor keeps microseconds)', async () => {
    await replaceTips([]);
    const at = new Date(T0);
    const earlier = await addTip(server, channel.id, { amount: 500, createdAt: at, micros: 100 });
    const later = await addTip(server, channel.id, { amount: 500, createdAt: at, micros: 900 });
    for (const [sort, expected] of [
      ['newest', [later.id, earlier.id]],
      ['oldest', [earlier.id, later.id]],
      ['amount_desc', [later.id, earlier.id]],
      ['amount_asc', [earlier.id, later.id]],
    ] as const) {
      const pages = await allPages(channel.owner, channel.slug, { sort, limit: 1 });
      expect(
        pages.flatMap((page) => ids(page.tips)),
        sort,
      ).toEqual(expected);
    }
  });

  it('lets a tip marked read between pages leave an unread listing without moving the others', async () => {
    const rows = await replaceTips([]);
    for (let i = 0; i < 9; i++) rows.push(await addTip(server, channel.id, { amount: 100 * (i + 1), createdAt: new Date(T0 + i * 1_000) }));
    const original = rows.sort(ORDER.newest);
    const first = await channel.owner.tipFeed.list(channel.slug, { unread: true, limit: 3 });
    const readNow = original[4];
    if (!readNow) throw new Error('no tip to read');
    await channel.owner.tipFeed.markRead(channel.slug, [readNow.id]);
    const rest = await allPages(channel.owner, channel.slug, { unread: true, limit: 3, cursor: first.nextCursor });
    expect(expectDistinct([first, ...rest])).toEqual(ids(original.filter((row) => row.id !== readNow.id)));
  });
});
