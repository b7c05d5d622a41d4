import { LEADERBOARD_PERIODS, type TipStatus } from '@tipchat/sdk/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../../../test/support/accounts';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { insertTipRow } from '../../../test/support/tip-rows';
import { feedConditions } from '../tips/feed-filters';
import { feedTotals, keptFeedTotals } from '../tips/feed-totals';
import { activeGoal, goalFiguresFromTips, startGoalFigures } from './goal-figures';
import { goalChannel } from './goals.test-support';
import { topTippers } from './leaderboard-figures';
import { topTippersFromHistory } from './leaderboard-oracle';
import { periodStart } from './periods';

/**
 * The figures the database keeps by delta — leaderboards, the goal's progress, the feed's totals
 * (migration 0007) — must equal what a recomputation from every tip gives (the oracles, the
 * queries the server ran before). Random histories of payments, refunds, disputes opened, won
 * and lost, abandoned payments and hidden tips, at times either side of day, ISO-week and month
 * boundaries, by tippers whose names fold together (case, spacing, full-width forms) or who are
 * one account behind two identities; a goal is set halfway, counting from a moment in the past.
 */

/** Times either side of period boundaries (UTC): month end, a Sunday/Monday, a leap day. */
const TIMES = [
  '2024-01-31T23:59:59.999Z',
  '2024-02-01T00:00:00.000Z',
  '2024-02-04T23:59:59.000Z',
  '2024-02-05T00:00:00.000Z',
  '2024-02-05T12:00:00.000Z',
  '2024-02-29T23:59:59.999Z',
  '2024-03-01T00:00:00.000Z',
  '2024-03-01T00:00:00.001Z',
].map((iso) => new Date(iso));

type Tipper = { name: string; viewer?: 'gus' | 'alice'; user?: 'alice' };
/** Anonymous names that fold into one tipper, a guest under two names, an account behind its chat identity. */
const TIPPERS: Tipper[] = [
  { name: 'Big Tipper' },
  { name: 'BIG  TIPPER' },
  { name: 'bigtipper' },
  { name: 'Ｂｉｇ Ｔｉｐｐｅｒ' },
  { name: 'Zoë' },
  { name: 'ZOË' },
  { name: 'Gus', viewer: 'gus' },
  { name: 'Gus again', viewer: 'gus' },
  { name: 'Alice', user: 'alice' },
  { name: 'Alice W', viewer: 'alice' },
];

type Op =
  | { type: 'pay'; tipper: number; amount: number; at: number }
  | { type: 'abandon'; tipper: number; amount: number }
  | { type: 'refund'; tip: number; share: number }
  | { type: 'disputeOpen'; tip: number; share: number }
  | { type: 'disputeWin'; tip: number }
  | { type: 'disputeLose'; tip: number }
  | { type: 'hide'; tip: number };

const share = fc.double({ min: 0.01, max: 1, noNaN: true });
/** Few distinct amounts, so that tippers often tie and the tie-break (who got there first) is exercised. */
const amount = fc.constantFrom(100, 200, 300, 500);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('pay'),
      tipper: fc.nat(TIPPERS.length - 1),
      amount,
      at: fc.nat(TIMES.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('abandon'),
      tipper: fc.nat(TIPPERS.length - 1),
      amount,
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('refund'), tip: fc.nat(40), share }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('disputeOpen'), tip: fc.nat(40), share }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('disputeWin'), tip: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('disputeLose'), tip: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('hide'), tip: fc.nat(40) }) },
) as fc.Arbitrary<Op>;

/** What the test knows of a paid tip, to make only moves the processor could make. */
interface ModelTip {
  id: string;
  amount: number;
  refunded: number;
  disputed: number;
  openDispute: number | null;
  lost: boolean;
  hidden: boolean;
}

/** A paid tip's status from its money and disputes, as the processor settles it. */
function settled(tip: ModelTip): TipStatus {
  if (tip.openDispute !== null) return 'disputed';
  if (tip.lost) return 'dispute_lost';
  if (tip.refunded + tip.disputed >= tip.amount) return 'refunded';
  if (tip.refunded > 0) return 'partially_refunded';
  return 'succeeded';
}

let server: TestServer;
let identities: { gus: string; aliceViewer: string; aliceUser: string };

beforeAll(async () => {
  server = await startTestServer();
  const alice = server.client();
  const { session } = await signUpVerified(alice, { displayName: 'Alice' });
  const channel = await goalChannel(server);
  identities = {
    gus: (await server.client().chat.join(channel.slug, { displayName: 'Gus' })).viewer.id,
    aliceViewer: (await alice.chat.join(channel.slug)).viewer.id,
    aliceUser: session.user.id,
  };
});
afterAll(() => server.close());

/** Runs one history on a channel of its own (the viewers of the first channel are borrowed by id). */
async function runHistory(ops: Op[], goalAfter: number, goalStart: number, goalDeadline: number | null): Promise<void> {
  const sql = server.app.sql;
  const { id: channelId } = await goalChannel(server);
  // The chat identities belong to the set-up channel; a tip only refers to them, which is all the figures read.
  const tips: ModelTip[] = [];
  const paidTimes: Date[] = [];
  const write = async (tip: ModelTip, extra: Partial<{ status: TipStatus }> = {}) => {
    await sql`
      update tips set refunded_amount = ${tip.refunded}, disputed_amount = ${tip.disputed}, hidden = ${tip.hidden},
        status = ${extra.status ?? settled(tip)}, updated_at = now()
      where id = ${tip.id}`;
  };
  for (const [index, step] of ops.entries()) {
    if (index === goalAfter) {
      const deadline = goalDeadline === null ? null : TIMES[Math.max(goalStart, goalDeadline)];
      await sql.begin(async (tx) => {
        const [goal] = await tx<{ id: string }[]>`
          insert into goals (channel_id, title, target, currency, starts_at, deadline)
          values (${channelId}, 'Goal', ${10_000}, 'USD', ${TIMES[goalStart] as Date}, ${deadline ?? null}) returning id`;
        if (goal) await startGoalFigures(tx, goal.id);
      });
    }
    if (step.type === 'pay' || step.type === 'abandon') {
      const who = TIPPERS[step.tipper] as Tipper;
      const row = await insertTipRow(sql, {
        channelId,
        amount: step.amount,
        fee: Math.floor(step.amount / 20),
        status: 'pending',
        displayName: who.name,
        viewerId: who.viewer === 'gus' ? identities.gus : who.viewer === 'alice' ? identities.aliceViewer : null,
        userId: who.user === 'alice' ? identities.aliceUser : null,
      });
      if (step.type === 'abandon') {
        await sql`update tips set status = 'failed' where id = ${row.id}`;
        continue;
      }
      const at = TIMES[step.at] as Date;
      paidTimes.push(at);
      await sql`update tips set status = 'succeeded', paid_at = ${at} where id = ${row.id}`;
      tips.push({ id: row.id, amount: step.amount, refunded: 0, disputed: 0, openDispute: null, lost: false, hidden: false });
      continue;
    }
    const tip = tips[step.tip % Math.max(tips.length, 1)];
    if (!tip) continue;
    const left = tip.amount - tip.refunded - tip.disputed;
    if (step.type === 'refund' && tip.openDispute === null && left > 0) {
      tip.refunded += Math.max(1, Math.floor(left * step.share));
    } else if (step.type === 'disputeOpen' && tip.openDispute === null && left > 0) {
      tip.openDispute = Math.max(1, Math.floor(left * step.share));
      tip.disputed += tip.openDispute;
    } else if (step.type === 'disputeWin' && tip.openDispute !== null) {
      tip.disputed -= tip.openDispute;
      tip.openDispute = null;
    } else if (step.type === 'disputeLose' && tip.openDispute !== null) {
      tip.openDispute = null;
      tip.lost = true;
    } else if (step.type === 'hide') {
      tip.hidden = !tip.hidden;
    } else {
      continue;
    }
    await write(tip);
  }

  // Read at the latest payment (every tip is in the past, as in life) and a fortnight later, when the day and week boards are empty.
  const latest = new Date(Math.max(...paidTimes.map((at) => at.getTime()), (TIMES[0] as Date).getTime()));
  for (const now of [latest, new Date(latest.getTime() + 14 * 86_400_000)]) {
    const windows = LEADERBOARD_PERIODS.map((period) => ({ period, since: periodStart(period, now) }));
    const kept = await topTippers(sql, channelId, 'USD', windows, 10);
    const recomputed = await topTippersFromHistory(sql, channelId, 'USD', windows, 10);
    expect(Object.fromEntries(kept)).toEqual(Object.fromEntries(recomputed));
  }

  const goal = await activeGoal(sql, channelId);
  if (goal) expect({ progress: goal.progress, tipCount: goal.tipCount }).toEqual(await goalFiguresFromTips(sql, goal.id));

  for (const filters of [{}, { includeHidden: true }, { status: ['pending', 'failed'] as TipStatus[], includeHidden: true }]) {
    const full = { sort: 'newest' as const, limit: 50, ...filters };
    const statuses = filters.status ?? ['succeeded', 'partially_refunded', 'refunded', 'disputed', 'dispute_lost'];
    expect(await keptFeedTotals(sql, channelId, statuses, full.includeHidden === true)).toEqual(
      await feedTotals(sql, feedConditions(sql, channelId, full)),
    );
  }
}

describe('figures kept by delta equal the recomputation from every tip', () => {
  it('for random histories of payments, refunds and disputes across period boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40, size: 'medium' }),
        fc.nat(40),
        fc.nat(TIMES.length - 1),
        fc.option(fc.nat(TIMES.length - 1), { nil: null }),
        (ops, goalAfter, goalStart, goalDeadline) => runHistory(ops, goalAfter % ops.length, goalStart, goalDeadline),
      ),
      {
        numRuns: Number(process.env.TIPCHAT_PROPERTY_RUNS ?? 25),
        examples: [
          // A tie broken by who got there first, when a tipper's later payment carries an earlier time.
          [
            [
              { type: 'pay', tipper: 0, amount: 100, at: 4 },
              { type: 'pay', tipper: 4, amount: 200, at: 3 },
              { type: 'pay', tipper: 1, amount: 100, at: 2 },
            ],
            0,
            0,
            null,
          ],
          // A refund empties the payment that set a tipper's "got there" time: the one before it counts again.
          [
            [
              { type: 'pay', tipper: 0, amount: 200, at: 1 },
              { type: 'pay', tipper: 2, amount: 100, at: 4 },
              { type: 'pay', tipper: 5, amount: 200, at: 3 },
              { type: 'refund', tip: 1, share: 1 },
            ],
            0,
            0,
            null,
          ],
        ],
      },
    );
  });
});
