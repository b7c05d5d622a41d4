import type { Config } from '../../config';
import type { TransactionSql } from '../../db/connection';
import {
  accounts,
  disputeLost,
  disputeOpened,
  holdReleaseAt,
  type LedgerEntryInput,
  ledger,
  refund,
  releaseHold,
  type TipMoney,
  tipPaid,
  tipReference,
} from '../../ledger';
import type { TipRow } from './tip-view';

/**
 * The ledger side of a tip's events. Every posting has the tip as its reference and a key
 * naming the business event, so a repeat of the same event can never move money twice.
 */
export class TipMoneyBook {
  private readonly holidays: ReadonlySet<string>;

  constructor(private readonly payments: Config['payments']) {
    this.holidays = new Set(payments.holidays);
  }

  holdUntil(paidAt: Date): Date {
    return holdReleaseAt(paidAt, this.holidays, this.payments.holdBusinessDays);
  }

  async paid(tx: TransactionSql, tip: TipRow): Promise<void> {
    await ledger.post(tx, {
      kind: 'tip_paid',
      reference: tipReference(tip.id),
      idempotencyKey: `tip:${tip.id}:paid`,
      entries: tipPaid(money(tip)),
    });
  }

  async refunded(tx: TransactionSql, tip: TipRow, refundId: string, amount: number): Promise<void> {
    await ledger.post(tx, {
      kind: 'refund',
      reference: tipReference(tip.id),
      idempotencyKey: refundKey(tip, refundId),
      entries: refund(await this.reversal(tx, tip, amount)),
    });
  }

  /** A refund we posted failed at the provider: the money comes back (see giveBack). `tip` still counts the refund as reversed. */
  async refundFailed(tx: TransactionSql, tip: TipRow, refundId: string): Promise<void> {
    const posted = await ledger.findByIdempotencyKey(tx, refundKey(tip, refundId));
    if (!posted) throw new Error(`tipchat: refund ${refundId} of tip ${tip.id} was marked posted but has no ledger transaction`);
    await ledger.post(tx, {
      kind: 'refund_reversed',
      reference: tipReference(tip.id),
      idempotencyKey: `${refundKey(tip, refundId)}:failed`,
      entries: giveBack(tip, posted.entries),
    });
  }

  async disputeOpened(tx: TransactionSql, tip: TipRow, disputeId: string, amount: number): Promise<void> {
    await ledger.post(tx, {
      kind: 'dispute_opened',
      reference: tipReference(tip.id),
      idempotencyKey: disputeKey(tip, disputeId, 'opened'),
      entries: disputeOpened(await this.reversal(tx, tip, amount)),
    });
  }

  /** The provider returned the disputed money (see giveBack). `tip` still counts the dispute as reversed. */
  async disputeWon(tx: TransactionSql, tip: TipRow, disputeId: string): Promise<void> {
    const opened = await ledger.findByIdempotencyKey(tx, disputeKey(tip, disputeId, 'opened'));
    if (!opened) throw new Error(`tipchat: dispute ${disputeId} of tip ${tip.id} is open but has no ledger transaction`);
    await ledger.post(tx, {
      kind: 'dispute_won',
      reference: tipReference(tip.id),
      idempotencyKey: disputeKey(tip, disputeId, 'won'),
      entries: giveBack(tip, opened.entries),
    });
  }

  async disputeLost(tx: TransactionSql, tip: TipRow, disputeId: string, fee: number): Promise<void> {
    const entries = disputeLost({ provider: tip.provider, currency: tip.currency, disputeFee: fee });
    if (!entries) return;
    await ledger.post(tx, {
      kind: 'dispute_lost',
      reference: tipReference(tip.id),
      idempotencyKey: disputeKey(tip, disputeId, 'lost'),
      entries,
    });
  }

  /** Moves what is still pending of this tip to available; returns the amount (0: nothing left to release). */
  async release(tx: TransactionSql, tip: TipRow): Promise<number> {
    const pending = await this.pendingOf(tx, tip);
    if (pending <= 0) return 0;
    await ledger.post(tx, {
      kind: 'hold_released',
      reference: tipReference(tip.id),
      idempotencyKey: `tip:${tip.id}:release:${tip.releases + 1}`,
      entries: releaseHold({ channelId: tip.channelId, currency: tip.currency, amount: pending }),
    });
    return pending;
  }

  private pendingOf(tx: TransactionSql, tip: TipRow): Promise<number> {
    return ledger.referenceBalance(tx, tipReference(tip.id), accounts.channelPending(tip.channelId), tip.currency);
  }

  private async reversal(tx: TransactionSql, tip: TipRow, amount: number) {
    return {
      tip: money(tip),
      amount,
      reversedBefore: tip.refundedAmount + tip.disputedAmount,
      pendingForTip: await this.pendingOf(tx, tip),
    };
  }
}

function money(tip: TipRow): TipMoney {
  return { channelId: tip.channelId, provider: tip.provider, currency: tip.currency, gross: tip.amount, fee: tip.fee };
}

const refundKey = (tip: TipRow, refundId: string) => `tip:${tip.id}:refund:${refundId}`;
const disputeKey = (tip: TipRow, disputeId: string, step: 'opened' | 'won' | 'lost') => `tip:${tip.id}:dispute:${disputeId}:${step}`;

/**
 * Undoes a reversal (a failed refund, a won dispute) as if it had been the last one taken: the
 * reversal of the same amount at the end of what is reversed now, inverted. Inverting the original
 * entries instead would return the fee share computed at the reversal's own place among the tip's
 * reversals, and the rounded shares of the others would then no longer add up: the platform would
 * keep a unit more or less than `fee - feeShare(reversed)`, the fee the tip feed shows (tip-view.ts).
 * Undone at the end, the fee kept depends only on the amount still reversed, whatever the order.
 * The streamer's part goes back to pending as far as the reversal took it from there (pending when
 * it took nothing from available), the rest to available.
 */
function giveBack(tip: TipRow, taken: readonly LedgerEntryInput[]): LedgerEntryInput[] {
  const leg = (account: string) => taken.find((e) => e.account === account)?.amount ?? 0;
  const amount = leg(accounts.providerClearing(tip.provider));
  const fromPending = -leg(accounts.channelPending(tip.channelId));
  const fromAvailable = -leg(accounts.channelAvailable(tip.channelId));
  const undone = refund({
    tip: money(tip),
    amount,
    reversedBefore: tip.refundedAmount + tip.disputedAmount - amount,
    pendingForTip: fromAvailable > 0 ? fromPending : amount,
  });
  return undone.map((e) => ({ account: e.account, currency: e.currency, amount: -e.amount }));
}
