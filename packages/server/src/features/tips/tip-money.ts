import type { Config } from '../../config';
import type { TransactionSql } from '../../db/connection';
import {
  accounts,
  disputeExcess,
  disputeLost,
  disputeOpened,
  holdReleaseAt,
  inverted,
  ledger,
  overpayment,
  refund,
  releaseHold,
  reversalUndone,
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

  /**
   * A refund we posted failed at the provider: the money comes back (see reversalUndone in the
   * ledger recipes). `tip` still counts the refund as reversed.
   */
  async refundFailed(tx: TransactionSql, tip: TipRow, refundId: string): Promise<void> {
    const posted = await ledger.findByIdempotencyKey(tx, refundKey(tip, refundId));
    if (!posted) throw new Error(`tipchat: refund ${refundId} of tip ${tip.id} was marked posted but has no ledger transaction`);
    await ledger.post(tx, {
      kind: 'refund_reversed',
      reference: tipReference(tip.id),
      idempotencyKey: `${refundKey(tip, refundId)}:failed`,
      entries: reversalUndone({ tip: money(tip), taken: posted.entries, reversedNow: tip.refundedAmount + tip.disputedAmount }),
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

  /**
   * The provider returned the disputed money (see reversalUndone in the ledger recipes). `tip`
   * still counts the dispute as reversed.
   */
  async disputeWon(tx: TransactionSql, tip: TipRow, disputeId: string): Promise<void> {
    const opened = await ledger.findByIdempotencyKey(tx, disputeKey(tip, disputeId, 'opened'));
    if (!opened) throw new Error(`tipchat: dispute ${disputeId} of tip ${tip.id} is open but has no ledger transaction`);
    await ledger.post(tx, {
      kind: 'dispute_won',
      reference: tipReference(tip.id),
      idempotencyKey: disputeKey(tip, disputeId, 'won'),
      entries: reversalUndone({ tip: money(tip), taken: opened.entries, reversedNow: tip.refundedAmount + tip.disputedAmount }),
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

  /**
   * The part of a dispute beyond what was left of the tip: a receivable from the channel (see disputeExcess in the
   * ledger recipes). Its own posting, so a won dispute returns it exactly and the rest of the tip's books keep the
   * arithmetic of an ordinary reversal.
   */
  async disputeExcess(tx: TransactionSql, tip: TipRow, disputeId: string, amount: number): Promise<void> {
    await ledger.post(tx, {
      kind: 'dispute_opened',
      reference: tipReference(tip.id),
      idempotencyKey: disputeKey(tip, disputeId, 'excess'),
      entries: disputeExcess({ channelId: tip.channelId, provider: tip.provider, currency: tip.currency, amount }),
    });
  }

  /** A won dispute's excess comes back to the channel's available balance, where it was taken from. */
  async disputeExcessWon(tx: TransactionSql, tip: TipRow, disputeId: string): Promise<void> {
    const taken = await ledger.findByIdempotencyKey(tx, disputeKey(tip, disputeId, 'excess'));
    if (!taken) throw new Error(`tipchat: dispute ${disputeId} of tip ${tip.id} has an excess but no ledger transaction of it`);
    await ledger.post(tx, {
      kind: 'dispute_won',
      reference: tipReference(tip.id),
      idempotencyKey: disputeKey(tip, disputeId, 'excess_won'),
      entries: inverted(taken.entries),
    });
  }

  /** Money collected beyond the tip, held in suspense under the event that reported it. */
  async overpaid(tx: TransactionSql, tip: TipRow, eventId: string, amount: number): Promise<void> {
    await ledger.post(tx, {
      kind: 'overpayment',
      reference: tipReference(tip.id),
      idempotencyKey: `tip:${tip.id}:overpayment:${eventId}`,
      entries: overpayment({ provider: tip.provider, currency: tip.currency, amount }),
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
const disputeKey = (tip: TipRow, disputeId: string, step: 'opened' | 'won' | 'lost' | 'excess' | 'excess_won') =>
  `tip:${tip.id}:dispute:${disputeId}:${step}`;
