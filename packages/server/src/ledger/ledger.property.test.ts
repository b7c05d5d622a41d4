import { CURRENCIES, CURRENCY_CODES, type CurrencyCode } from '@tipchat/sdk/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../../test/support/database';
import { type Account, accounts } from './accounts';
import { platformFee } from './fees';
import { balances, post, referenceBalance } from './ledger';
import { entriesSignature, type LedgerEntryInput, type Posting, validatePosting } from './posting';
import { disputeLost, disputeOpened, refund, releaseHold, reversalUndone, type TipMoney, tipPaid, tipReference } from './recipes';

/**
 * Random histories of tips, partial and full refunds, disputes opened/won/lost, hold releases and
 * replayed events, driven through the recipes into a ledger, must keep the books right: every
 * transaction sums to zero per currency, every balance is the sum of its entries, every tip's
 * gross is its net plus its fee, and no tip's pending money goes below zero or its fee returns
 * more than was taken. Runs many times against an in-memory ledger (same validation, same
 * idempotency rule) and fewer times against the real database.
 */

/** What the simulation needs from a ledger. */
interface Books {
  /** Posts in a transaction of its own; resolves once committed. */
  post(posting: Posting): Promise<{ created: boolean }>;
  referenceBalance(reference: string, account: Account, currency: CurrencyCode): Promise<number>;
}

type Op =
  | { type: 'pay'; channel: number; provider: number; currency: CurrencyCode; major: number; minor: number }
  | { type: 'refund'; tip: number; share: number }
  | { type: 'release'; tip: number }
  | { type: 'disputeOpen'; tip: number; share: number }
  | { type: 'disputeWin'; tip: number }
  | { type: 'disputeLose'; tip: number; disputeFee: number }
  | { type: 'replay'; index: number };

const PROVIDERS = ['dev', 'stripe', 'cashfree'] as const;
const SCHEDULE = { basisPoints: 290, fixed: { USD: 30, EUR: 25, INR: 300, JPY: 40 } };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('pay' as const),
      channel: fc.nat(1),
      provider: fc.nat(2),
      currency: fc.constantFrom(...CURRENCY_CODES),
      major: fc.integer({ min: 1, max: 5_000 }),
      minor: fc.nat(99),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('refund' as const), tip: fc.nat(), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('release' as const), tip: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('disputeOpen' as const), tip: fc.nat(), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('disputeWin' as const), tip: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('disputeLose' as const), tip: fc.nat(), disputeFee: fc.nat(2_000) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('replay' as const), index: fc.nat() }) },
);

interface SimTip {
  id: string;
  money: TipMoney;
  reversed: number;
  /** Provider dispute fees booked on lost disputes (the platform absorbs them). */
  disputeFees: number;
  dispute: { entries: LedgerEntryInput[]; amount: number; n: number } | null;
  events: number;
}

/** Plays one history; returns every posting that created a transaction, for the checks. */
async function simulate(books: Books, ops: Op[], run: string): Promise<{ tips: SimTip[]; posted: Posting[] }> {
  const tips: SimTip[] = [];
  const posted: Posting[] = [];
  const all: Posting[] = [];
  const send = async (p: Posting) => {
    const { created } = await books.post(p);
    if (created) posted.push(p);
    all.push(p);
    return created;
  };
  for (const op of ops) {
    if (op.type === 'pay') {
      // Whole units plus cents in two-decimal currencies; whole yen and won in zero-decimal ones.
      const gross = CURRENCIES[op.currency].minorDigits === 0 ? op.major : op.major * 100 + op.minor;
      const { fee } = platformFee(gross, op.currency, SCHEDULE);
      const id = `${run}t${tips.length}`;
      const money: TipMoney = {
        channelId: `${run}c${op.channel}`,
        provider: PROVIDERS[op.provider] ?? 'dev',
        currency: op.currency,
        gross,
        fee,
      };
      tips.push({ id, money, reversed: 0, disputeFees: 0, dispute: null, events: 0 });
      await send({ kind: 'tip_paid', reference: tipReference(id), idempotencyKey: `${id}:paid`, entries: tipPaid(money) });
      continue;
    }
    if (op.type === 'replay') {
      const earlier = all[op.index % Math.max(all.length, 1)];
      if (earlier) expect(await send(earlier)).toBe(false);
      continue;
    }
    const tip = tips[op.tip % Math.max(tips.length, 1)];
    if (!tip) continue;
    const { money } = tip;
    const reference = tipReference(tip.id);
    const key = `${tip.id}:${++tip.events}`;
    const pendingForTip = () => books.referenceBalance(reference, accounts.channelPending(money.channelId), money.currency);
    const remaining = money.gross - tip.reversed;
    if (op.type === 'refund' && remaining > 0) {
      const amount = 1 + Math.floor(op.share * (remaining - 1));
      const entries = refund({ tip: money, amount, reversedBefore: tip.reversed, pendingForTip: await pendingForTip() });
      await send({ kind: 'refund', reference, idempotencyKey: key, entries });
      tip.reversed += amount;
    } else if (op.type === 'release') {
      const amount = await pendingForTip();
      if (amount > 0) {
        const entries = releaseHold({ channelId: money.channelId, currency: money.currency, amount });
        await send({ kind: 'hold_released', reference, idempotencyKey: key, entries });
      }
    } else if (op.type === 'disputeOpen' && remaining > 0 && !tip.dispute) {
      const amount = 1 + Math.floor(op.share * (remaining - 1));
      const entries = disputeOpened({ tip: money, amount, reversedBefore: tip.reversed, pendingForTip: await pendingForTip() });
      await send({ kind: 'dispute_opened', reference, idempotencyKey: key, entries });
      tip.dispute = { entries, amount, n: tip.events };
      tip.reversed += amount;
    } else if (op.type === 'disputeWin' && tip.dispute) {
      await send({
        kind: 'dispute_won',
        reference,
        idempotencyKey: key,
        entries: reversalUndone({ tip: money, taken: tip.dispute.entries, reversedNow: tip.reversed }),
      });
      tip.reversed -= tip.dispute.amount;
      tip.dispute = null;
    } else if (op.type === 'disputeLose' && tip.dispute) {
      const entries = disputeLost({ provider: money.provider, currency: money.currency, disputeFee: op.disputeFee });
      if (entries) await send({ kind: 'dispute_lost', reference, idempotencyKey: key, entries });
      tip.disputeFees += op.disputeFee;
      tip.dispute = null;
    }
  }
  return { tips, posted };
}

/** Sum of amounts per `account|currency` over the given postings. */
function sumByAccount(postings: readonly Posting[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const p of postings) {
    for (const e of p.entries) sums.set(`${e.account}|${e.currency}`, (sums.get(`${e.account}|${e.currency}`) ?? 0) + e.amount);
  }
  for (const [k, v] of sums) if (v === 0) sums.delete(k);
  return sums;
}

/** The checks every history must pass, on what the books hold. */
async function checkTips(books: Books, tips: SimTip[], posted: Posting[]): Promise<void> {
  for (const p of posted) validatePosting(p); // each transaction sums to zero per currency
  for (const tip of tips) {
    const { money } = tip;
    const reference = tipReference(tip.id);
    const paid = posted.find((p) => p.idempotencyKey === `${tip.id}:paid`);
    const leg = (account: Account) => paid?.entries.find((e) => e.account === account)?.amount ?? 0;
    const net = leg(accounts.channelPending(money.channelId));
    const fee = leg(accounts.platformFees);
    expect(leg(accounts.providerClearing(money.provider)) + net + fee).toBe(0);
    expect(net + fee).toBe(money.gross);

    const on = (account: Account) => books.referenceBalance(reference, account, money.currency);
    const pending = await on(accounts.channelPending(money.channelId));
    const available = await on(accounts.channelAvailable(money.channelId));
    const fees = await on(accounts.platformFees);
    const clearing = await on(accounts.providerClearing(money.provider));
    const losses = await on(accounts.platformDisputeLosses);
    expect(pending).toBeGreaterThanOrEqual(0);
    expect(fees).toBeGreaterThanOrEqual(0);
    expect(fees).toBeLessThanOrEqual(money.fee);
    // The provider still holds what was not given back nor charged as dispute fees; the
    // streamer and the platform share the rest, and the platform bears the dispute fees.
    expect(clearing + (money.gross - tip.reversed - tip.disputeFees)).toBe(0);
    expect(losses + tip.disputeFees).toBe(0);
    expect(pending + available + fees).toBe(money.gross - tip.reversed);
    if (tip.reversed === money.gross) expect(fees).toBe(0);
  }
}

function memoryBooks(): Books & { postings: Posting[] } {
  const byKey = new Map<string, Posting>();
  const postings: Posting[] = [];
  return {
    postings,
    async post(p) {
      validatePosting(p);
      const existing = byKey.get(p.idempotencyKey);
      if (existing) {
        expect(entriesSignature(existing.entries)).toBe(entriesSignature(p.entries));
        return { created: false };
      }
      byKey.set(p.idempotencyKey, p);
      postings.push(p);
      return { created: true };
    },
    async referenceBalance(reference, account, currency) {
      let sum = 0;
      for (const p of postings) {
        if (p.reference !== reference) continue;
        for (const e of p.entries) if (e.account === account && e.currency === currency) sum += e.amount;
      }
      return sum;
    },
  };
}

const historyArb = fc.array(opArb, { minLength: 1, maxLength: 40 });

describe('ledger invariants over random histories (in memory)', () => {
  it('keep every transaction balanced, every tip’s money accounted for, and gross = net + fee', async () => {
    let runs = 0;
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(historyArb, async (ops) => {
        const books = memoryBooks();
        const { tips, posted } = await simulate(books, ops, `m${runs++}`);
        expect(posted).toEqual(books.postings);
        await checkTips(books, tips, posted);
        for (const p of posted) kinds.add(p.kind);
      }),
      { numRuns: 300 },
    );
    // The histories did reach every kind of money event, not only payments.
    expect([...kinds].sort()).toEqual(['dispute_lost', 'dispute_opened', 'dispute_won', 'hold_released', 'refund', 'tip_paid']);
  });
});

describe('ledger invariants over random histories (database)', () => {
  const db = useMigratedDatabase();

  it('hold in the stored ledger: balanced transactions, balances (kept or summed) equal to the sum of their entries', async () => {
    const books: Books = {
      post: (p) => db.sql.begin((tx) => post(tx, p)),
      referenceBalance: (reference, account, currency) => referenceBalance(db.sql, reference, account, currency),
    };
    // Everything any run committed: the database must hold exactly these balances.
    const committed: Posting[] = [];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const { tips, posted } = await simulate(books, ops, `d${runs++}`);
        committed.push(...posted);
        await checkTips(books, tips, posted);

        const unbalanced = await db.sql`
          select transaction_id, currency from ledger_entries
          group by transaction_id, currency having sum(amount) <> 0`;
        expect(unbalanced).toEqual([]);
        const stored = await balances(db.sql, '');
        const expected = sumByAccount(committed);
        expect(new Map(stored.filter((b) => b.balance !== 0).map((b) => [`${b.account}|${b.currency}`, b.balance]))).toEqual(expected);
        // The channel balances the trigger keeps are the sums of their entries.
        const kept = await db.sql`select account, currency, balance from ledger_balances order by account, currency`;
        const summed = await db.sql`
          select account, currency, sum(amount)::bigint as balance from ledger_entries
          where account like 'channel:%' group by account, currency order by account, currency`;
        expect(kept).toEqual(summed);
        const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from ledger_transactions`;
        expect(row?.n).toBe(committed.length);
      }),
      { numRuns: 50 },
    );
  });
});
