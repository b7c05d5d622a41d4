import { ConflictError, type CurrencyCode } from '@tipchat/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import type { EventOutcome } from '../../src/features/tips/processor';
import { type TipRow, toTipFeedItem } from '../../src/features/tips/tip-view';
import { accounts, ledger } from '../../src/ledger';
import type { PaymentEvent } from '../../src/providers/payment-provider';
import { startTestServer, type TestServer } from '../support/server';
import { type TipChannel, tipChannel } from '../support/tips';

/**
 * Random histories of provider events for a few tips — payments (through the dev checkout or as
 * raw events), failed attempts, refunds of random amounts whose statuses arrive in any order,
 * disputes opened and closed won or lost with a fee, hold releases as the clock moves, duplicate
 * and concurrent re-deliveries, refunds and disputes before the payment — go through the real
 * TipProcessor and ReleaseJob of a running server. After each history the books must be right:
 * every transaction sums to zero, balances are sums of entries, every tip's money in the ledger
 * matches what the tip row says it kept, and nothing is left waiting that should have been applied.
 */

const DAY = 24 * 3600 * 1000;
/** Numbers failed attempts: each is an event of its own. */
let failures = 0;
const CURRENCIES: readonly CurrencyCode[] = ['USD', 'JPY'];
/** What a delivery may end in, other than the one documented refusal (PAYMENT_MISMATCH). */
const OUTCOMES: readonly EventOutcome[] = ['applied', 'duplicate', 'deferred', 'stale', 'ignored', 'rejected', 'flagged'];

type RefundStatus = 'pending' | 'succeeded' | 'failed';

type Command =
  | { type: 'pay'; tip: number; viaCheckout: boolean }
  | { type: 'payWrongAmount'; tip: number; extra: number }
  | { type: 'fail'; tip: number }
  | { type: 'refund'; tip: number; refund: number; status: RefundStatus }
  | { type: 'disputeOpen'; tip: number; dispute: number }
  | { type: 'disputeClose'; tip: number; dispute: number; outcome: 'won' | 'lost' }
  | { type: 'release'; days: number }
  | { type: 'redeliver'; delivery: number; copies: number }
  /** Two commands at once: on Postgres they race (the release job against a refund, a payment against its refund…). */
  | { type: 'together'; first: Step; second: Step };

/** A command that is not two at once. */
type Step = Exclude<Command, { type: 'together' }>;

interface PlannedTip {
  channel: number;
  /** Turned into an amount between the channel minimum and about fifty times it. */
  size: number;
  /** Amounts of refunds rf0..rf2 and disputes dp0..dp1 as numbers to reduce modulo (amount + 1): some exceed what is left. */
  refunds: number[];
  disputes: number[];
  /** The provider's fee should each dispute be lost. */
  disputeFees: number[];
}

const tip = fc.nat(3);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('pay' as const), tip, viaCheckout: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('payWrongAmount' as const), tip, extra: fc.integer({ min: -50, max: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('fail' as const), tip }) },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('refund' as const),
      tip,
      refund: fc.nat(2),
      status: fc.constantFrom<RefundStatus>('pending', 'succeeded', 'failed'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('disputeOpen' as const), tip, dispute: fc.nat(1) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('disputeClose' as const),
      tip,
      dispute: fc.nat(1),
      outcome: fc.constantFrom<'won' | 'lost'>('won', 'lost'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('release' as const), days: fc.integer({ min: 0, max: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('redeliver' as const), delivery: fc.nat(), copies: fc.integer({ min: 1, max: 3 }) }),
  },
);

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 8, arbitrary: stepArb },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('together' as const), first: stepArb, second: stepArb }) },
);

const plannedTipArb: fc.Arbitrary<PlannedTip> = fc.record({
  channel: fc.nat(1),
  size: fc.nat(5_000),
  refunds: fc.array(fc.nat(1_000_000), { minLength: 3, maxLength: 3 }),
  disputes: fc.array(fc.nat(1_000_000), { minLength: 2, maxLength: 2 }),
  disputeFees: fc.array(fc.nat(1_500), { minLength: 2, maxLength: 2 }),
});

const historyArb = fc.record({
  tips: fc.array(plannedTipArb, { minLength: 1, maxLength: 4 }),
  commands: fc.array(commandArb, { minLength: 1, maxLength: 16 }),
});

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    PLATFORM_FEE_BPS: '290',
    PLATFORM_FEE_FIXED: 'USD:30,JPY:40',
    // The job's own timer must not release behind the history's back; the history releases by hand.
    RELEASE_SWEEP_MS: '3600000',
  });
});
afterAll(() => server.close());

interface LiveTip {
  row: TipRow;
  paymentId: string;
  plan: PlannedTip;
}

/** One history on fresh channels: the tips, what was delivered, and the clock of its releases. */
class History {
  readonly tips: LiveTip[] = [];
  /** Every event handed to the processor, with what the first delivery ended in (null: refused). */
  readonly delivered: { event: PaymentEvent; outcome: EventOutcome | null }[] = [];
  /** Refunds the provider reported failed in a delivery that was accepted: failure is final for a refund. */
  readonly failedRefunds = new Set<string>();
  private clock = Date.now();

  constructor(readonly channels: TipChannel[]) {}

  static async start(plans: PlannedTip[]): Promise<History> {
    const used = new Set(plans.map((p) => p.channel));
    const channels: TipChannel[] = [];
    for (const [index, currency] of CURRENCIES.entries()) {
      if (used.has(index)) channels[index] = await tipChannel(server, currency, 'ledger-prop');
    }
    const history = new History(channels);
    const viewer = server.client();
    for (const plan of plans) {
      const channel = channels[plan.channel] as TipChannel;
      const currency = CURRENCIES[plan.channel] as CurrencyCode;
      const amount = 100 + ((plan.size * 37) % 5_000);
      const { tip } = await viewer.tips.create(channel.slug, { amount, currency, displayName: 'Prop' });
      const row = await readTip(tip.id);
      if (!row.paymentId) throw new Error('a dev tip has its payment id once created');
      history.tips.push({ row, paymentId: row.paymentId, plan });
    }
    return history;
  }

  async run(command: Command): Promise<void> {
    if (command.type === 'together') {
      await Promise.all([this.step(command.first, false), this.step(command.second, false)]);
      return;
    }
    await this.step(command, true);
  }

  /**
   * One command. `alone`: nothing else runs meanwhile, so its outcome can be predicted from the
   * tip as it was before; when racing another command only the invariants and refusals are checked.
   */
  private async step(command: Step, alone: boolean): Promise<void> {
    if (command.type === 'release') {
      this.clock += command.days * DAY;
      await server.app.services.tips.release.releaseDue(new Date(this.clock));
      return;
    }
    if (command.type === 'redeliver') return this.redeliver(command.delivery, command.copies);
    const live = this.tips[command.tip % this.tips.length] as LiveTip;
    if (command.type === 'pay' && command.viaCheckout) return this.checkout(live, alone);
    await this.deliver(live, eventFor(live, command), alone);
  }

  /** The viewer pays on the dev checkout: the same event as a raw delivery, through the real route. */
  private async checkout(live: LiveTip, alone: boolean): Promise<void> {
    const before = await readTip(live.row.id);
    try {
      await server.client().tips.devCheckout(live.row.id, 'succeed');
      if (alone) expect(before.paidAt).toBeNull();
    } catch (error) {
      // The one refusal the checkout documents: the tip is paid already.
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).code).toBe('TIP_NOT_PAYABLE');
      if (alone) expect(before.paidAt).not.toBeNull();
    }
  }

  private async deliver(live: LiveTip, event: PaymentEvent, alone: boolean): Promise<void> {
    const before = await readTip(live.row.id);
    const outcome = await apply(event);
    this.delivered.push({ event, outcome });
    if (event.kind === 'refund' && event.status === 'failed' && outcome !== null) this.failedRefunds.add(event.refundId);
    if (!alone) return;
    // Before the payment, refunds and disputes wait for it; a wrong payment amount is refused.
    if (!before.paidAt && (event.kind === 'refund' || event.kind === 'dispute_opened' || event.kind === 'dispute_closed')) {
      expect(outcome === 'deferred' || outcome === 'duplicate').toBe(true);
    }
    // Paid already: a late copy. Less than the tip: refused. More: the tip is paid, the rest goes to suspense.
    if (event.kind === 'payment_succeeded' && event.amount !== before.amount) {
      expect(outcome).toBe(before.paidAt ? 'stale' : event.amount > before.amount ? 'applied' : null);
    }
  }

  /** The same delivery again, `copies` at once: after an accepted first delivery, every copy is a duplicate. */
  private async redeliver(index: number, copies: number): Promise<void> {
    if (this.delivered.length === 0) return;
    const original = this.delivered[index % this.delivered.length] as (typeof this.delivered)[number];
    const outcomes = await Promise.all(Array.from({ length: copies }, () => apply(original.event)));
    if (original.outcome !== null) expect(outcomes).toEqual(outcomes.map(() => 'duplicate'));
  }
}

function eventFor(live: LiveTip, command: Exclude<Step, { type: 'release' } | { type: 'redeliver' }>): PaymentEvent {
  const { row, paymentId, plan } = live;
  const base = { paymentId, providerType: `prop.${command.type}` };
  /** Within 1 .. amount + 1: most fit, some are more than the tip has left. */
  const upTo = (n: number) => 1 + (n % (row.amount + 1));
  switch (command.type) {
    case 'pay':
      return { ...base, kind: 'payment_succeeded', eventId: `payment:${paymentId}:succeeded`, amount: row.amount, currency: row.currency };
    case 'payWrongAmount': {
      const amount = Math.max(1, row.amount + (command.extra === 0 ? 1 : command.extra));
      return { ...base, kind: 'payment_succeeded', eventId: `payment:${paymentId}:succeeded:${amount}`, amount, currency: row.currency };
    }
    case 'fail':
      return { ...base, kind: 'payment_failed', eventId: `payment:${paymentId}:failed:${++failures}`, reason: 'card declined' };
    case 'refund': {
      const refundId = `re_${row.id}_${command.refund}`;
      const amount = upTo(plan.refunds[command.refund] ?? 0);
      return {
        ...base,
        kind: 'refund',
        eventId: `refund:${refundId}:${command.status}`,
        refundId,
        amount,
        currency: row.currency,
        status: command.status,
      };
    }
    case 'disputeOpen': {
      const disputeId = `dp_${row.id}_${command.dispute}`;
      const amount = upTo(plan.disputes[command.dispute] ?? 0);
      return { ...base, kind: 'dispute_opened', eventId: `dispute:${disputeId}:opened`, disputeId, amount, currency: row.currency };
    }
    case 'disputeClose': {
      const disputeId = `dp_${row.id}_${command.dispute}`;
      const fee = command.outcome === 'lost' ? (plan.disputeFees[command.dispute] ?? 0) : 0;
      return {
        ...base,
        kind: 'dispute_closed',
        eventId: `dispute:${disputeId}:closed:${command.outcome}`,
        disputeId,
        outcome: command.outcome,
        fee,
      };
    }
  }
}

/** The processor's answer, or null for its one documented refusal; anything else fails the property. */
async function apply(event: PaymentEvent): Promise<EventOutcome | null> {
  try {
    const outcome = await server.app.services.tips.processor.apply('dev', event);
    expect(OUTCOMES).toContain(outcome);
    return outcome;
  } catch (error) {
    if (error instanceof AppError && error.code === 'PAYMENT_MISMATCH') return null;
    throw error;
  }
}

async function readTip(id: string): Promise<TipRow> {
  const [row] = await server.app.sql<TipRow[]>`select * from tips where id = ${id}`;
  if (!row) throw new Error(`tip ${id} vanished`);
  return row;
}

/** What the transactions of one tip moved on one account. */
const moved = (tipId: string, account: Parameters<typeof ledger.referenceBalance>[2], currency: CurrencyCode) =>
  ledger.referenceBalance(server.app.sql, `tip:${tipId}`, account, currency);

async function expectEveryTransactionBalanced(): Promise<void> {
  const unbalanced = await server.app.sql<{ transactionId: string }[]>`
    select transaction_id from ledger_entries group by transaction_id, currency having sum(amount) <> 0`;
  expect(unbalanced).toEqual([]);
}

/** Balances as the ledger reports them equal sums we make ourselves from the entry rows. */
async function expectBalancesAreSums(history: History): Promise<void> {
  const sql = server.app.sql;
  const prefixes = history.channels.filter(Boolean).map((c) => accounts.channelPrefix(c.id));
  for (const prefix of [...prefixes, 'platform:', 'provider:dev:']) {
    const rows = await sql<{ account: string; currency: CurrencyCode; amount: number }[]>`
      select account, currency, amount from ledger_entries where starts_with(account, ${prefix})`;
    const sums = new Map<string, bigint>();
    for (const row of rows) {
      const key = `${row.account}|${row.currency}`;
      sums.set(key, (sums.get(key) ?? 0n) + BigInt(row.amount));
    }
    const reported = await ledger.balances(sql, prefix);
    expect(new Map(reported.map((b) => [`${b.account}|${b.currency}`, BigInt(b.balance)]))).toEqual(sums);
    for (const b of reported) expect(await ledger.balance(sql, b.account, b.currency)).toBe(b.balance);
  }
}

interface TipFacts {
  row: TipRow;
  net: number;
  pending: number;
}

/** One tip's row, its refunds, disputes and events, and the ledger's transactions of it, all agree. */
async function expectTipConsistent(history: History, live: LiveTip): Promise<TipFacts> {
  const sql = server.app.sql;
  const row = await readTip(live.row.id);
  const { currency, channelId } = row;
  expect(row.refundedAmount).toBeGreaterThanOrEqual(0);
  expect(row.disputedAmount).toBeGreaterThanOrEqual(0);
  expect(row.refundedAmount + row.disputedAmount).toBeLessThanOrEqual(row.amount);

  const refunds = await sql<{ refundId: string; amount: number; status: RefundStatus; posted: boolean }[]>`
    select refund_id, amount, status, posted from tip_refunds where tip_id = ${row.id}`;
  const disputes = await sql<{ disputeId: string; amount: number; excess: number; status: 'open' | 'won' | 'lost' }[]>`
    select dispute_id, amount, excess, status from tip_disputes where tip_id = ${row.id}`;
  const standing = disputes.filter((d) => d.status !== 'won');
  expect(row.refundedAmount).toBe(sum(refunds.filter((r) => r.posted).map((r) => r.amount)));
  // What a dispute took beyond what was left is its excess: owed by the channel, not part of the tip's reversals.
  expect(row.disputedAmount).toBe(sum(standing.map((d) => d.amount - d.excess)));
  const excess = sum(standing.map((d) => d.excess));
  // A refund the provider said failed never keeps money out of the books, whatever order its reports came in.
  for (const refund of refunds)
    if (history.failedRefunds.has(refund.refundId)) expect(refund).toMatchObject({ posted: false, status: 'failed' });

  const kinds = await sql<{ kind: string; count: number }[]>`
    select kind, count(*)::int as count from ledger_transactions where reference = ${`tip:${row.id}`} group by kind`;
  const chat = await sql<{ n: number }[]>`select count(*)::int as n from chat_messages where tip_id = ${row.id}`;
  const alerts = await sql<{ status: string }[]>`select status from alerts where tip_id = ${row.id}`;
  const waiting = await sql<{ event: PaymentEvent }[]>`
    select event from provider_events where tip_id = ${row.id} and outcome = 'deferred'`;

  if (!row.paidAt) {
    expect(['pending', 'failed']).toContain(row.status);
    expect(kinds).toEqual([]);
    expect(disputes).toEqual([]);
    expect(chat[0]?.n).toBe(0);
    expect(alerts).toEqual([]);
    expect(row.refundedAmount + row.disputedAmount).toBe(0);
    return { row, net: 0, pending: 0 };
  }

  expect(kinds.find((k) => k.kind === 'tip_paid')?.count).toBe(1);
  expect(chat[0]?.n).toBe(1);
  expect(alerts).toHaveLength(1);
  expect(row.status).toBe(expectedStatus(row, disputes));
  if (row.status !== 'succeeded' && row.status !== 'partially_refunded') expect(alerts[0]?.status).not.toBe('queued');
  // Once paid, the only event still waiting is the close of a dispute nobody reported opening.
  for (const { event } of waiting) {
    expect(event.kind).toBe('dispute_closed');
    if (event.kind === 'dispute_closed') expect(disputes.map((d) => d.disputeId)).not.toContain(event.disputeId);
  }

  const { fee: feeKept, net } = toTipFeedItem(row);
  const lostFees = await sql<{ event: PaymentEvent }[]>`
    select event from provider_events where tip_id = ${row.id} and outcome = 'applied' and kind = 'dispute_closed'`;
  const disputeFees = sum(lostFees.map(({ event }) => (event.kind === 'dispute_closed' && event.outcome === 'lost' ? event.fee : 0)));
  const pending = await moved(row.id, accounts.channelPending(channelId), currency);
  const available = await moved(row.id, accounts.channelAvailable(channelId), currency);
  const suspense = await moved(row.id, accounts.platformSuspense, currency);
  expect(pending).toBeGreaterThanOrEqual(0);
  expect(pending + available).toBe(net - excess);
  expect(await moved(row.id, accounts.platformFees, currency)).toBe(feeKept);
  expect(await moved(row.id, accounts.platformDisputeLosses, currency)).toBe(0 - disputeFees);
  // Only a payment above the tip puts money in suspense (the dev provider has no second attempts).
  expect(suspense).toBeGreaterThanOrEqual(0);
  // The provider holds what was paid and not given back, and what was paid beyond the tip, less the dispute fees it
  // kept and the excess of disputes.
  expect(await moved(row.id, accounts.providerClearing('dev'), currency)).toBe(
    disputeFees + excess - suspense - (row.amount - row.refundedAmount - row.disputedAmount),
  );
  return { row, net: net - excess, pending };
}

function expectedStatus(row: TipRow, disputes: { status: string }[]): TipRow['status'] {
  if (disputes.some((d) => d.status === 'open')) return 'disputed';
  if (disputes.some((d) => d.status === 'lost')) return 'dispute_lost';
  if (row.refundedAmount + row.disputedAmount >= row.amount) return 'refunded';
  if (row.refundedAmount > 0) return 'partially_refunded';
  return 'succeeded';
}

/** A channel's pending and available are exactly what its tips kept; once every hold is over nothing stays pending. */
async function expectChannelsMatchTips(history: History, afterEveryHold: boolean): Promise<void> {
  const facts: TipFacts[] = [];
  for (const live of history.tips) facts.push(await expectTipConsistent(history, live));
  for (const [index, channel] of history.channels.entries()) {
    if (!channel) continue;
    const currency = CURRENCIES[index] as CurrencyCode;
    const own = facts.filter((f) => f.row.channelId === channel.id);
    const pending = await ledger.balance(server.app.sql, accounts.channelPending(channel.id), currency);
    const available = await ledger.balance(server.app.sql, accounts.channelAvailable(channel.id), currency);
    expect(pending).toBe(sum(own.map((f) => f.pending)));
    expect(pending + available).toBe(sum(own.map((f) => f.net)));
    if (afterEveryHold) expect(pending).toBe(0);
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('tips, refunds, disputes and releases through the processor', () => {
  it('keep the ledger balanced and every balance, tip and channel consistent, in any order and with any repeats', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async ({ tips, commands }) => {
        const history = await History.start(tips);
        for (const command of commands) await history.run(command);
        await expectEveryTransactionBalanced();
        await expectBalancesAreSums(history);
        await expectChannelsMatchTips(history, false);
        // Far beyond every hold: whatever disputes won back or failed refunds returned is released too.
        await server.app.services.tips.release.releaseDue(new Date(Date.now() + 60 * DAY));
        await expectEveryTransactionBalanced();
        await expectChannelsMatchTips(history, true);
      }),
      { numRuns: 35 },
    );
  }, 240_000);
});
