import { NotFoundError } from '@tipchat/sdk';
import { type LeaderboardEntry, leaderboardSchema } from '@tipchat/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../../../test/realtime/recorder';
import { signUpVerified } from '../../../test/support/accounts';
import { caught } from '../../../test/support/errors';
import { expectValidation, send } from '../../../test/support/raw';
import { eventually } from '../../../test/support/realtime';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { insertTipRow } from '../../../test/support/tip-rows';
import { goalChannel, lastSeq, leaderboardsIn, NO_LEADERBOARD_SWEEP, paidTip, publicEvents, tipsChanged, utc } from './goals.test-support';

let server: TestServer;
const closers: Array<() => void> = [];

beforeAll(async () => {
  server = await startTestServer(NO_LEADERBOARD_SWEEP);
});
afterEach(() => {
  for (const close of closers.splice(0)) close();
});
afterAll(() => server.close());

/** Entries without the figures a test does not look at. */
const board = (entries: LeaderboardEntry[]) => entries.map((entry) => [entry.displayName, entry.amount]);

/** The 'leaderboard.updated' figures pushed by one run of the tip hook at `now`. */
async function pushedAt(slug: string, channelId: string, now?: Date) {
  const before = await lastSeq(server, slug);
  await tipsChanged(server, channelId, now);
  const pushed = leaderboardsIn(await publicEvents(server, slug, before));
  expect(pushed).toHaveLength(1);
  return pushed[0] as NonNullable<(typeof pushed)[0]>;
}

describe('the all-time leaderboard', () => {
  it('ranks tippers by what they gave, refunds and disputes deducted, for anyone without signing in', async () => {
    const channel = await goalChannel(server, 'USD');
    const long = (day: number) => new Date(Date.UTC(2024, 5, day));

    // Alice tips signed in: once with her account only, once as her chat identity (which belongs to her account).
    const alice = server.client();
    const { session } = await signUpVerified(alice, { displayName: 'Alice' });
    const aliceViewer = (await alice.chat.join(channel.slug)).viewer.id;
    await paidTip(server, channel.id, { amount: 1_000, userId: session.user.id, displayName: 'Alice', paidAt: long(1) });
    await paidTip(server, channel.id, { amount: 500, viewerId: aliceViewer, displayName: 'Alice W', paidAt: long(2) });
    // A guest, by their chat identity; a refund takes part of it back.
    const gus = (await server.client().chat.join(channel.slug, { displayName: 'Gus' })).viewer.id;
    await paidTip(server, channel.id, {
      amount: 2_000,
      refundedAmount: 800,
      status: 'partially_refunded',
      viewerId: gus,
      displayName: 'Gus',
    });
    // Anonymous tips under one name written three ways are one tipper, shown by their latest spelling.
    await paidTip(server, channel.id, { amount: 300, displayName: 'Big Tipper', paidAt: long(3) });
    await paidTip(server, channel.id, { amount: 400, displayName: 'BIG  TIPPER', paidAt: long(5) });
    await paidTip(server, channel.id, { amount: 300, displayName: 'bigtipper', paidAt: long(4) });
    // Disputes deduct while open or lost.
    await paidTip(server, channel.id, { amount: 4_000, disputedAmount: 1_000, displayName: 'Hal', paidAt: long(6) });
    // Nothing left, or never counted: fully refunded, fully disputed, another currency, unpaid.
    await paidTip(server, channel.id, { amount: 5_000, refundedAmount: 5_000, status: 'refunded', displayName: 'Rex', paidAt: long(7) });
    await paidTip(server, channel.id, { amount: 5_000, disputedAmount: 5_000, displayName: 'Dan', paidAt: long(7) });
    await paidTip(server, channel.id, { amount: 9_000, currency: 'EUR', displayName: 'Eve', paidAt: long(7) });
    await paidTip(server, channel.id, { amount: 9_000, status: 'pending', displayName: 'Pat' });
    await paidTip(server, channel.id, { amount: 9_000, status: 'failed', displayName: 'Fay' });

    const leaderboard = await server.client().goals.leaderboard(channel.slug, { period: 'all' });
    expect(leaderboardSchema.parse(leaderboard)).toEqual({
      period: 'all',
      currency: 'USD',
      since: null,
      entries: [
        { rank: 1, displayName: 'Hal', amount: 3_000, tipCount: 1 },
        { rank: 2, displayName: 'Alice W', amount: 1_500, tipCount: 2 },
        { rank: 3, displayName: 'Gus', amount: 1_200, tipCount: 1 },
        { rank: 4, displayName: 'BIG  TIPPER', amount: 1_000, tipCount: 3 },
      ],
    });
    const top2 = await server.client().goals.leaderboard(channel.slug, { period: 'all', limit: 2 });
    expect(top2.entries).toEqual(leaderboard.entries.slice(0, 2));
  });

  it('ranks equal amounts by who got there first, then in a fixed order', async () => {
    const channel = await goalChannel(server);
    await paidTip(server, channel.id, { amount: 200, displayName: 'Late', paidAt: utc('2024-06-01T10:00:00') });
    await paidTip(server, channel.id, { amount: 500, displayName: 'Early', paidAt: utc('2024-06-01T11:00:00') });
    await paidTip(server, channel.id, { amount: 300, displayName: 'Late', paidAt: utc('2024-06-01T12:00:00') });
    await paidTip(server, channel.id, { amount: 500, displayName: 'Zed', paidAt: utc('2024-06-01T11:00:00') });
    await paidTip(server, channel.id, { amount: 500, displayName: 'Abe', paidAt: utc('2024-06-01T11:00:00') });
    // A later tip that was given back does not make Abe's total any later.
    await paidTip(server, channel.id, {
      amount: 50,
      refundedAmount: 50,
      status: 'refunded',
      displayName: 'Abe',
      paidAt: utc('2024-06-02T00:00:00'),
    });

    const expected = [
      { rank: 1, displayName: 'Abe', amount: 500, tipCount: 1 },
      { rank: 2, displayName: 'Early', amount: 500, tipCount: 1 },
      { rank: 3, displayName: 'Zed', amount: 500, tipCount: 1 },
      { rank: 4, displayName: 'Late', amount: 500, tipCount: 2 },
    ];
    expect((await server.client().goals.leaderboard(channel.slug, { period: 'all' })).entries).toEqual(expected);
    expect((await pushedAt(channel.slug, channel.id)).all).toEqual(expected);
  });

  it('is in the channel currency, which the channel may change', async () => {
    const channel = await goalChannel(server, 'USD');
    await paidTip(server, channel.id, { amount: 100, currency: 'USD', displayName: 'Dollar' });
    await paidTip(server, channel.id, { amount: 200, currency: 'EUR', displayName: 'Euro' });
    expect(board((await server.client().goals.leaderboard(channel.slug, { period: 'all' })).entries)).toEqual([['Dollar', 100]]);
    await channel.owner.channels.update(channel.slug, { currency: 'EUR' });
    const leaderboard = await server.client().goals.leaderboard(channel.slug, { period: 'all' });
    expect({ currency: leaderboard.currency, entries: board(leaderboard.entries) }).toEqual({ currency: 'EUR', entries: [['Euro', 200]] });
  });

  it('defaults to this ISO week and ten entries', async () => {
    const channel = await goalChannel(server);
    for (let i = 1; i <= 12; i++) await paidTip(server, channel.id, { amount: 100 * i, displayName: `Tipper ${i}` });
    const leaderboard = await server.client().goals.leaderboard(channel.slug);
    expect(leaderboard.period).toBe('week');
    const since = new Date(leaderboard.since ?? '');
    expect([since.getUTCDay(), since.getUTCHours(), since.getUTCMinutes(), since.getUTCSeconds()]).toEqual([1, 0, 0, 0]);
    expect(Date.now() - since.getTime()).toBeLessThan(7 * 24 * 60 * 60 * 1000);
    expect(leaderboard.entries.map((entry) => entry.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(leaderboard.entries[0]).toEqual({ rank: 1, displayName: 'Tipper 12', amount: 1_200, tipCount: 1 });
  });
});

describe('leaderboard periods', () => {
  const cases = [
    {
      name: 'across New Year: the day and month began at midnight, the ISO week on Monday 30 December',
      now: '2025-01-01T00:00:05',
      tips: [
        ['Midnight', 100, '2025-01-01T00:00:00'],
        ['Old Year', 200, '2024-12-31T23:59:59.999'],
        ['Monday', 300, '2024-12-30T00:00:00'],
        ['Sunday', 400, '2024-12-29T23:59:59'],
        ['December', 500, '2024-12-01T00:00:00'],
        ['November', 600, '2024-11-30T23:59:59'],
      ],
      since: { day: '2025-01-01T00:00:00.000Z', week: '2024-12-30T00:00:00.000Z', month: '2025-01-01T00:00:00.000Z', all: null },
      expected: {
        day: ['Midnight'],
        week: ['Monday', 'Old Year', 'Midnight'],
        month: ['Midnight'],
        all: ['November', 'December', 'Sunday', 'Monday', 'Old Year', 'Midnight'],
      },
    },
    {
      name: 'in the middle of a month, on a Thursday',
      now: '2025-03-13T12:00:00',
      tips: [
        ['Today', 10, '2025-03-13T00:00:00'],
        ['Yesterday', 20, '2025-03-12T23:59:59'],
        ['Monday', 30, '2025-03-10T00:00:00'],
        ['Sunday', 40, '2025-03-09T23:59:59'],
        ['First', 50, '2025-03-01T00:00:00'],
        ['February', 60, '2025-02-28T23:59:59'],
      ],
      since: { day: '2025-03-13T00:00:00.000Z', week: '2025-03-10T00:00:00.000Z', month: '2025-03-01T00:00:00.000Z', all: null },
      expected: {
        day: ['Today'],
        week: ['Monday', 'Yesterday', 'Today'],
        month: ['First', 'Sunday', 'Monday', 'Yesterday', 'Today'],
        all: ['February', 'First', 'Sunday', 'Monday', 'Yesterday', 'Today'],
      },
    },
  ] as const;

  it.each(cases)('are calendar periods in UTC $name', async ({ now, tips, since, expected }) => {
    const channel = await goalChannel(server);
    for (const [displayName, amount, paidAt] of tips) await paidTip(server, channel.id, { amount, displayName, paidAt: utc(paidAt) });
    const names = (entries: LeaderboardEntry[]) => entries.map((entry) => entry.displayName);

    const pushed = await pushedAt(channel.slug, channel.id, utc(now));
    expect({ day: names(pushed.day), week: names(pushed.week), month: names(pushed.month), all: names(pushed.all) }).toEqual(expected);

    for (const period of ['day', 'week', 'month', 'all'] as const) {
      const read = await server.app.services.goals.leaderboard(channel.id, { period, limit: 10 }, utc(now));
      expect(read).toEqual({ period, currency: 'USD', since: since[period], entries: pushed[period] });
    }
  });

  it('counts a tipper only with what they gave in the period', async () => {
    const channel = await goalChannel(server);
    const fan = (await server.client().chat.join(channel.slug, { displayName: 'Fan' })).viewer.id;
    await paidTip(server, channel.id, { amount: 1_000, viewerId: fan, displayName: 'Fan', paidAt: utc('2025-02-20T12:00:00') });
    await paidTip(server, channel.id, { amount: 50, viewerId: fan, displayName: 'Fan', paidAt: utc('2025-03-13T09:00:00') });
    const pushed = await pushedAt(channel.slug, channel.id, utc('2025-03-13T12:00:00'));
    expect(pushed.day).toEqual([{ rank: 1, displayName: 'Fan', amount: 50, tipCount: 1 }]);
    expect(pushed.all).toEqual([{ rank: 1, displayName: 'Fan', amount: 1_050, tipCount: 2 }]);
  });
});

describe('pushed figures', () => {
  it('follow refunds: a smaller amount, then out of every leaderboard once nothing is left', async () => {
    const channel = await goalChannel(server);
    const now = utc('2025-03-13T12:00:00');
    const rex = await paidTip(server, channel.id, { amount: 1_000, displayName: 'Rex', paidAt: utc('2025-03-13T11:00:00') });
    await paidTip(server, channel.id, { amount: 700, displayName: 'Sam', paidAt: utc('2025-03-13T11:00:00') });
    expect(board((await pushedAt(channel.slug, channel.id, now)).day)).toEqual([
      ['Rex', 1_000],
      ['Sam', 700],
    ]);

    await server.app.sql`update tips set refunded_amount = 400, status = 'partially_refunded' where id = ${rex.id}`;
    expect(board((await pushedAt(channel.slug, channel.id, now)).day)).toEqual([
      ['Sam', 700],
      ['Rex', 600],
    ]);

    await server.app.sql`update tips set refunded_amount = 1000, status = 'refunded' where id = ${rex.id}`;
    const pushed = await pushedAt(channel.slug, channel.id, now);
    for (const period of ['day', 'week', 'month', 'all'] as const) expect(board(pushed[period])).toEqual([['Sam', 700]]);
  });

  it('reach an anonymous realtime connection and agree with what the API answers', async () => {
    const channel = await goalChannel(server);
    await channel.owner.goals.set(channel.slug, { title: 'Live', target: 1_000 });
    const connection = server.client().realtime(channel.slug);
    closers.push(() => connection.close());
    await connection.connect();
    const seen = record(connection);

    await paidTip(server, channel.id, { amount: 400, displayName: 'Viewer One' });
    await tipsChanged(server, channel.id);
    await eventually(() => expect(seen.types()).toEqual(['goal.updated', 'leaderboard.updated']));

    const [goalEvent, leaderboardEvent] = seen.events;
    expect(goalEvent?.type === 'goal.updated' && goalEvent.data).toEqual({ goal: await server.client().goals.get(channel.slug) });
    expect(goalEvent?.type === 'goal.updated' && goalEvent.data.goal).toMatchObject({ progress: 400, tipCount: 1 });
    const pushed = leaderboardEvent?.type === 'leaderboard.updated' ? leaderboardEvent.data : undefined;
    expect(pushed?.all).toEqual((await server.client().goals.leaderboard(channel.slug, { period: 'all' })).entries);
    expect(pushed?.all).toEqual([{ rank: 1, displayName: 'Viewer One', amount: 400, tipCount: 1 }]);
  });

  it('include every tip of transactions that change tips at the same time, in one push', async () => {
    const channel = await goalChannel(server);
    const before = await lastSeq(server, channel.slug);
    await Promise.all(
      ['One', 'Two', 'Three'].map((displayName, i) =>
        server.app.eventLog.transaction(async (tx, events) => {
          await events.lock(channel.id);
          await insertTipRow(tx, { channelId: channel.id, amount: 100 * (i + 1), displayName });
          await server.app.services.goals.onTipsChanged(tx, events, channel.id);
        }),
      ),
    );
    // The trigger marked the channel due once; one push carries all three, and a second finds nothing due.
    expect(await server.app.services.leaderboards.push(channel.id)).toBe(true);
    expect(await server.app.services.leaderboards.push(channel.id)).toBe(false);
    const pushed = leaderboardsIn(await publicEvents(server, channel.slug, before));
    expect(pushed).toHaveLength(1);
    expect(board(pushed[0]?.all ?? [])).toEqual([
      ['Three', 300],
      ['Two', 200],
      ['One', 100],
    ]);
  });
});

describe('bad leaderboard queries', () => {
  it('answer 400 in the standard shape', async () => {
    const channel = await goalChannel(server);
    const path = `/api/v1/channels/${channel.slug}/leaderboard`;
    const cases: Array<[string, string]> = [
      ['period=year', 'querystring.period'],
      ['period=', 'querystring.period'],
      ['limit=0', 'querystring.limit'],
      ['limit=51', 'querystring.limit'],
      ['limit=1.5', 'querystring.limit'],
      ['limit=ten', 'querystring.limit'],
      ['since=2025-01-01', 'querystring'],
    ];
    for (const [query, field] of cases) expectValidation(await send(server, { method: 'GET', path: `${path}?${query}` }), [field]);
  });

  it('answer 404 for a channel that does not exist', async () => {
    const error = await caught(server.client().goals.leaderboard('no-such-channel'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('NOT_FOUND');
  });
});
