import type { TipFeedItem, TipStatus } from '@tipchat/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { addTip, allPages, type FeedChannel, type FeedTipFields, feedChannel, type TipFeedOptions } from './feed-test-kit';
import { toTipFeedItem } from './tip-view';

let server: TestServer;
let channel: FeedChannel;
let streamId: string;
/** The tips of the channel by name, as toTipFeedItem shows them. */
const tips: Record<string, TipFeedItem> = {};

const T0 = Date.parse('2024-05-01T00:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

/**
 * One tip of every kind the filters tell apart: each paid status, pending and failed, read,
 * starred, hidden, held, with and without a message, in a stream or not, in two currencies, and
 * names and messages with the characters LIKE would treat as wildcards.
 */
const DATASET: Record<string, FeedTipFields & { inStream?: boolean }> = {
  alice: { amount: 500, displayName: 'Alice', message: 'Great stream!', createdAt: at(1), read: true, starred: true, fee: 50 },
  bob: { amount: 1_000, displayName: 'bob_the_builder', createdAt: at(2), fee: 100, inStream: true },
  carol: {
    amount: 2_000,
    status: 'partially_refunded',
    refundedAmount: 500,
    fee: 200,
    displayName: 'Carol',
    message: 'Keep it 100% real',
    createdAt: at(3),
    starred: true,
    inStream: true,
  },
  dave: {
    amount: 5_000,
    status: 'refunded',
    refundedAmount: 5_000,
    fee: 500,
    displayName: 'Dave',
    message: 'refund me',
    createdAt: at(4),
    read: true,
  },
  eve: { amount: 3_000, status: 'disputed', disputedAmount: 3_000, fee: 300, displayName: 'Eve', message: 'hello', createdAt: at(5) },
  frank: {
    amount: 4_000,
    status: 'dispute_lost',
    disputedAmount: 4_000,
    fee: 400,
    displayName: 'Frank',
    message: 'C:\\Users\\frank',
    createdAt: at(6),
  },
  gina: { amount: 1_500, status: 'pending', displayName: 'Gina', message: 'pending tip', createdAt: at(7), fee: 150 },
  hank: { amount: 1_500, status: 'failed', displayName: 'Hank', createdAt: at(8), fee: 150 },
  ivy: { amount: 2_500, displayName: 'Ivy', message: 'please hide', createdAt: at(9), hidden: true, fee: 250 },
  jo: { amount: 700, displayName: 'Jo', message: 'some forbiddenword here', messageHeld: true, createdAt: at(10), fee: 70, inStream: true },
  kiran: { amount: 10_000, currency: 'INR', displayName: 'Kiran', message: 'namaste 100 rupees', createdAt: at(11), fee: 250 },
};

beforeAll(async () => {
  server = await startTestServer();
  channel = await feedChannel(server);
  streamId = (await channel.owner.streams.start(channel.slug, { title: 'Filters' })).id;
  for (const [name, { inStream, ...fields }] of Object.entries(DATASET)) {
    tips[name] = toTipFeedItem(await addTip(server, channel.id, { ...fields, streamId: inStream ? streamId : null }));
  }
});
afterAll(() => server.close());

/** The names of the tips a listing returns, in its order (one page: the dataset is small). */
async function names(options: TipFeedOptions): Promise<string[]> {
  const page = await channel.owner.tipFeed.list(channel.slug, options);
  expect(page.nextCursor).toBeNull();
  const byId = new Map(Object.entries(tips).map(([name, tip]) => [tip.id, name]));
  return page.tips.map((tip) => byId.get(tip.id) ?? tip.id);
}

function createdOf(name: string): number {
  const tip = tips[name];
  if (!tip) throw new Error(`no tip named ${name}`);
  return Date.parse(tip.createdAt);
}
const newestFirst = (...list: string[]) => [...list].sort((a, b) => createdOf(b) - createdOf(a));
const PAID_VISIBLE = ['alice', 'bob', 'carol', 'dave', 'eve', 'frank', 'jo', 'kiran'];

describe('tip feed filters, one at a time', () => {
  it('shows every paid, visible tip by default, newest first, as toTipFeedItem shows them', async () => {
    const page = await channel.owner.tipFeed.list(channel.slug);
    expect(page.tips).toEqual(newestFirst(...PAID_VISIBLE).map((name) => tips[name]));
    expect(page.nextCursor).toBeNull();
  });

  it.each<[string, TipStatus | TipStatus[], string[]]>([
    ['one paid status', 'succeeded', ['alice', 'bob', 'jo', 'kiran']],
    ['pending alone', 'pending', ['gina']],
    ['failed alone', 'failed', ['hank']],
    ['several statuses', ['failed', 'pending', 'refunded'], ['dave', 'gina', 'hank']],
    ['every refund and dispute status', ['partially_refunded', 'refunded', 'disputed', 'dispute_lost'], ['carol', 'dave', 'eve', 'frank']],
  ])('filters by status: %s', async (_what, status, expected) => {
    expect(await names({ status })).toEqual(newestFirst(...expected));
  });

  it('leaves hidden tips out unless asked to include them', async () => {
    expect(await names({ status: 'succeeded', includeHidden: true })).toEqual(newestFirst('alice', 'bob', 'ivy', 'jo', 'kiran'));
    expect(await names({ includeHidden: false })).toEqual(newestFirst(...PAID_VISIBLE));
  });

  it('takes the date range on created_at, from inclusive and to exclusive', async () => {
    expect(await names({ from: at(2), to: at(4) })).toEqual(['carol', 'bob']);
    expect(await names({ from: at(2).toISOString(), to: at(2).toISOString() })).toEqual([]);
    expect(await names({ from: new Date(at(10).getTime() + 1) })).toEqual(['kiran']);
    expect(await names({ to: new Date(at(2).getTime() + 1) })).toEqual(['bob', 'alice']);
  });

  it('compares date-times to the microsecond', async () => {
    expect(await names({ from: '2024-05-01T01:00:00.000001Z', to: '2024-05-01T02:00:00.000001Z' })).toEqual(['bob']);
  });

  it('reads date-times with an offset as the instant they name', async () => {
    // 05:30 at +05:30 is midnight UTC (T0); 08:30 is T0 + 3 hours.
    expect(await names({ from: '2024-05-01T05:30:00+05:30', to: '2024-05-01T08:30:00+05:30' })).toEqual(['bob', 'alice']);
  });

  it('takes the amount range on the gross, both bounds inclusive, across currencies', async () => {
    expect(await names({ minAmount: 1_000, maxAmount: 3_000 })).toEqual(['eve', 'carol', 'bob']);
    expect(await names({ minAmount: 5_000 })).toEqual(['kiran', 'dave']);
    expect(await names({ maxAmount: 700 })).toEqual(['jo', 'alice']);
    expect(await names({ minAmount: 2_000, maxAmount: 2_000 })).toEqual(['carol']);
  });

  it('tells tips with a message from tips without one; a held message counts as one', async () => {
    expect(await names({ hasMessage: false })).toEqual(['bob']);
    expect(await names({ hasMessage: true })).toEqual(newestFirst('alice', 'carol', 'dave', 'eve', 'frank', 'jo', 'kiran'));
  });

  it('filters read and unread', async () => {
    expect(await names({ unread: false })).toEqual(['dave', 'alice']);
    expect(await names({ unread: true })).toEqual(newestFirst('bob', 'carol', 'eve', 'frank', 'jo', 'kiran'));
  });

  it('filters starred and unstarred', async () => {
    expect(await names({ starred: true })).toEqual(['carol', 'alice']);
    expect(await names({ starred: false })).toEqual(newestFirst('bob', 'dave', 'eve', 'frank', 'jo', 'kiran'));
  });

  it('filters by stream', async () => {
    expect(await names({ streamId })).toEqual(['jo', 'carol', 'bob']);
    expect(await names({ streamId: crypto.randomUUID() })).toEqual([]);
  });
});

describe('tip feed search', () => {
  it.each([
    ['a word of a message, in any case', 'GREAT', ['alice']],
    ['a display name, in any case', 'aLiCe', ['alice']],
    ['% literally, not as a wildcard', '100%', ['carol']],
    ['_ literally, not as a wildcard', 'Gr_at', []],
    ['a name with _', 'bob_the', ['bob']],
    ['a backslash literally', 'C:\\Users', ['frank']],
    ['the held text the streamer reviews', 'forbiddenword', ['jo']],
    ['words in messages and names alike', '100', ['kiran', 'carol']],
    ['nothing for text nobody wrote', 'no such words', []],
  ])('finds %s', async (_what, q, expected) => {
    expect(await names({ q })).toEqual(expected);
  });

  it('ignores case beyond ASCII too', async () => {
    const tip = await addTip(server, channel.id, {
      amount: 300,
      displayName: 'ÉLODIE',
      message: 'Grüße aus München',
      createdAt: at(-50),
      hidden: true,
    });
    tips.elodie = toTipFeedItem(tip);
    expect(await names({ q: 'élodie', includeHidden: true })).toEqual(['elodie']);
    expect(await names({ q: 'MÜNCHEN', includeHidden: true })).toEqual(['elodie']);
  });

  it('trims the search text', async () => {
    expect(await names({ q: '  hello  ' })).toEqual(['eve']);
  });
});

describe('tip feed filters combined', () => {
  it.each<[string, TipFeedOptions, string[]]>([
    ['status and amount', { status: ['succeeded', 'pending'], minAmount: 1_000, maxAmount: 2_000 }, ['gina', 'bob']],
    [
      'unread, with a message, in a date range',
      { unread: true, hasMessage: true, from: at(3), to: at(11) },
      ['jo', 'frank', 'eve', 'carol'],
    ],
    ['starred and search', { starred: true, q: 'real' }, ['carol']],
    ['stream and unread', { streamId: '', unread: true }, ['jo', 'carol', 'bob']],
    ['hidden included, with a search', { includeHidden: true, q: 'hide' }, ['ivy']],
    [
      'every filter at once',
      {
        status: ['succeeded', 'partially_refunded'],
        from: at(1),
        to: at(12),
        minAmount: 600,
        maxAmount: 2_500,
        hasMessage: true,
        unread: true,
        starred: false,
        includeHidden: true,
        q: 'e',
      },
      ['jo', 'ivy'],
    ],
  ])('applies %s together', async (_what, options, expected) => {
    const resolved = options.streamId === '' ? { ...options, streamId } : options;
    expect(await names(resolved)).toEqual(expected);
  });
});

describe('tip feed totals', () => {
  it('adds up every tip the filters match, per currency, after refunds and disputes', async () => {
    const { totals } = await channel.owner.tipFeed.list(channel.slug, { limit: 1 });
    // USD: alice 500/50, bob 1000/100, carol 2000 - 500 refunded (fee 200 - 50 back), dave fully refunded,
    // eve and frank fully withdrawn by disputes, jo 700/70. INR: kiran 10000/250.
    expect(totals).toEqual({
      count: 8,
      byCurrency: [
        { currency: 'INR', amount: 10_000, fee: 250, net: 9_750, refunded: 0 },
        { currency: 'USD', amount: 500 + 1_000 + 1_500 + 700, fee: 50 + 100 + 150 + 70, net: 450 + 900 + 1_350 + 630, refunded: 12_500 },
      ],
    });
  });

  it('covers the whole filtered set, whatever the page, and agrees with the tips listed', async () => {
    const pages = await allPages(channel.owner, channel.slug, { limit: 3, includeHidden: true });
    const listed = pages.flatMap((page) => page.tips);
    for (const page of pages) expect(page.totals).toEqual(pages[0]?.totals);
    const usd = listed.filter((tip) => tip.currency === 'USD');
    expect(pages[0]?.totals.count).toBe(listed.length);
    expect(pages[0]?.totals.byCurrency.find((row) => row.currency === 'USD')).toEqual({
      currency: 'USD',
      amount: usd.reduce((sum, tip) => sum + tip.amount - tip.refundedAmount - tip.disputedAmount, 0),
      fee: usd.reduce((sum, tip) => sum + tip.fee, 0),
      net: usd.reduce((sum, tip) => sum + tip.net, 0),
      refunded: usd.reduce((sum, tip) => sum + tip.refundedAmount + tip.disputedAmount, 0),
    });
  });

  it('follows the filters', async () => {
    expect((await channel.owner.tipFeed.list(channel.slug, { status: 'pending' })).totals).toEqual({
      count: 1,
      byCurrency: [{ currency: 'USD', amount: 1_500, fee: 150, net: 1_350, refunded: 0 }],
    });
    expect((await channel.owner.tipFeed.list(channel.slug, { q: 'nobody wrote this' })).totals).toEqual({ count: 0, byCurrency: [] });
  });

  it('splits the fee of a partial refund the way the ledger does: the proportional share back, rounded down', async () => {
    const odd = await addTip(server, channel.id, {
      amount: 999,
      fee: 33,
      status: 'partially_refunded',
      refundedAmount: 100,
      createdAt: at(-100),
      currency: 'EUR',
    });
    // 33 × 100 / 999 = 3.3 → 3 of the fee goes back; the platform keeps 30, the streamer 899 - 30.
    expect(await channel.owner.tipFeed.get(channel.slug, odd.id)).toMatchObject({ fee: 30, net: 869, refundedAmount: 100 });
    const { totals } = await channel.owner.tipFeed.list(channel.slug, { to: at(-99) });
    expect(totals).toEqual({ count: 1, byCurrency: [{ currency: 'EUR', amount: 899, fee: 30, net: 869, refunded: 100 }] });
  });
});
