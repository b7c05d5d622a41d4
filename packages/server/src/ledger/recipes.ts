import type { CurrencyCode } from '@tipchat/sdk/protocol';
import { accounts } from './accounts';
import type { LedgerEntryInput } from './posting';

/**
 * Recipes: the entries for each money event of a tip, as pure functions (the caller reads what
 * they need from the ledger, then posts the result in the same database transaction as the tip's
 * state change). Amounts are credit-positive (see accounts.ts). Zero-amount legs are left out.
 */

export const tipReference = (tipId: string) => `tip:${tipId}`;

/** The money of one paid tip, as settled when it was paid. */
export interface TipMoney {
  channelId: string;
  provider: string;
  currency: CurrencyCode;
  /** What the tipper paid, in minor units. */
  gross: number;
  /** The platform fee taken from it (see platformFee); net = gross - fee. */
  fee: number;
}

function entries(currency: CurrencyCode, legs: [LedgerEntryInput['account'], number][]): LedgerEntryInput[] {
  return legs.filter(([, amount]) => amount !== 0).map(([account, amount]) => ({ account, currency, amount }));
}

function checkTip(tip: TipMoney): void {
  if (!Number.isSafeInteger(tip.gross) || tip.gross <= 0) throw new RangeError(`tip gross must be a positive integer, got ${tip.gross}`);
  if (!Number.isSafeInteger(tip.fee) || tip.fee < 0 || tip.fee > tip.gross) {
    throw new RangeError(`tip fee must be an integer from 0 to the gross, got ${tip.fee}`);
  }
}

/** Paid: the provider holds the gross for us; the streamer's net waits in pending; the fee is earned. */
export function tipPaid(tip: TipMoney): LedgerEntryInput[] {
  checkTip(tip);
  return entries(tip.currency, [
    [accounts.providerClearing(tip.provider), -tip.gross],
    [accounts.channelPending(tip.channelId), tip.gross - tip.fee],
    [accounts.platformFees, tip.fee],
  ]);
}

/** The hold is over: `amount` of a tip's pending money becomes available for payout. */
export function releaseHold(input: { channelId: string; currency: CurrencyCode; amount: number }): LedgerEntryInput[] {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw new RangeError(`released amount must be a positive integer, got ${input.amount}`);
  }
  return entries(input.currency, [
    [accounts.channelPending(input.channelId), -input.amount],
    [accounts.channelAvailable(input.channelId), input.amount],
  ]);
}

/** A part of a tip's gross going back to the tipper: a refund, or funds withdrawn by a dispute. */
export interface Reversal {
  tip: TipMoney;
  /** Gross given back now, in minor units. */
  amount: number;
  /** Gross already given back by earlier refunds and disputes of this tip (not won back). */
  reversedBefore: number;
  /** What of this tip is still in the channel's pending account (referenceBalance of its reference). */
  pendingForTip: number;
}

/**
 * The platform's share of the first `reversed` units of gross, rounded down. Returning the
 * difference of two shares (not a rounded share of each part) means any sequence of partial
 * refunds returns exactly the whole fee once the whole tip is refunded, never a unit more.
 */
function feeShare(tip: TipMoney, reversed: number): number {
  return Number((BigInt(tip.fee) * BigInt(reversed)) / BigInt(tip.gross));
}

function reversal(input: Reversal): LedgerEntryInput[] {
  const { tip, amount, reversedBefore } = input;
  checkTip(tip);
  if (!Number.isSafeInteger(reversedBefore) || reversedBefore < 0 || reversedBefore > tip.gross) {
    throw new RangeError(`already reversed must be an integer from 0 to the gross, got ${reversedBefore}`);
  }
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > tip.gross - reversedBefore) {
    throw new RangeError(`reversal must be a positive integer up to the ${tip.gross - reversedBefore} not yet reversed, got ${amount}`);
  }
  // Proportional: the platform gives back its fee in the same ratio as the streamer gives back net.
  const feeBack = feeShare(tip, reversedBefore + amount) - feeShare(tip, reversedBefore);
  const fromChannel = amount - feeBack;
  // The tip's own pending money first; the rest from available, which may go negative when the
  // money was already paid out: the streamer then owes it, and the ledger says so.
  const fromPending = Math.min(fromChannel, Math.max(input.pendingForTip, 0));
  return entries(tip.currency, [
    [accounts.providerClearing(tip.provider), amount],
    [accounts.channelPending(tip.channelId), -fromPending],
    [accounts.channelAvailable(tip.channelId), -(fromChannel - fromPending)],
    [accounts.platformFees, -feeBack],
  ]);
}

/** A full or partial refund: the provider pays `amount` back to the tipper out of what it holds for us. */
export function refund(input: Reversal): LedgerEntryInput[] {
  return reversal(input);
}

/**
 * A dispute opened: the provider withdraws the disputed amount at once, so the streamer's and the
 * platform's shares are withdrawn the same way as for a refund, until the dispute is decided.
 */
export function disputeOpened(input: Reversal): LedgerEntryInput[] {
  return reversal(input);
}

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
export function reversalUndone(input: { tip: TipMoney; taken: readonly LedgerEntryInput[]; reversedNow: number }): LedgerEntryInput[] {
  const { tip, taken } = input;
  const leg = (account: string) => taken.find((e) => e.account === account)?.amount ?? 0;
  const amount = leg(accounts.providerClearing(tip.provider));
  const fromPending = -leg(accounts.channelPending(tip.channelId));
  const fromAvailable = -leg(accounts.channelAvailable(tip.channelId));
  const undone = reversal({
    tip,
    amount,
    reversedBefore: input.reversedNow - amount,
    pendingForTip: fromAvailable > 0 ? fromPending : amount,
  });
  return undone.map((e) => ({ account: e.account, currency: e.currency, amount: -e.amount }));
}

/**
 * A dispute lost: the withdrawn money already left when it opened, so the only new movement is the
 * provider's dispute fee, which the platform absorbs. With no fee there is nothing to post (null):
 * the tip's status records the loss.
 */
export function disputeLost(input: { provider: string; currency: CurrencyCode; disputeFee: number }): LedgerEntryInput[] | null {
  if (!Number.isSafeInteger(input.disputeFee) || input.disputeFee < 0) {
    throw new RangeError(`dispute fee must be a non-negative integer, got ${input.disputeFee}`);
  }
  if (input.disputeFee === 0) return null;
  return entries(input.currency, [
    [accounts.providerClearing(input.provider), input.disputeFee],
    [accounts.platformDisputeLosses, -input.disputeFee],
  ]);
}

/**
 * The part of a dispute beyond what refunds and earlier disputes left of the tip (a chargeback of
 * the whole charge after a partial refund): the provider took it from us all the same. It is a
 * receivable from the streamer — taken from their available balance, which may go negative and so
 * holds their payouts until tips cover it — rather than a loss the platform silently absorbs; an
 * operator reviews every such dispute (see the review queue) and may decide otherwise. No fee
 * share: the fee of this money was already given back by the refund that returned it.
 */
export function disputeExcess(input: { channelId: string; provider: string; currency: CurrencyCode; amount: number }): LedgerEntryInput[] {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw new RangeError(`dispute excess must be a positive integer, got ${input.amount}`);
  }
  return entries(input.currency, [
    [accounts.providerClearing(input.provider), input.amount],
    [accounts.channelAvailable(input.channelId), -input.amount],
  ]);
}

/**
 * Money a provider collected beyond the tip (a second successful payment of one order, or a
 * payment above the tip's amount): it belongs to no tip, so it waits in the platform's suspense
 * account until an operator returns it to the payer.
 */
export function overpayment(input: { provider: string; currency: CurrencyCode; amount: number }): LedgerEntryInput[] {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw new RangeError(`overpayment must be a positive integer, got ${input.amount}`);
  }
  return entries(input.currency, [
    [accounts.providerClearing(input.provider), -input.amount],
    [accounts.platformSuspense, input.amount],
  ]);
}

/** The inverse of a posting's entries: a won dispute returns its excess exactly where it was taken from. */
export function inverted(taken: readonly LedgerEntryInput[]): LedgerEntryInput[] {
  return taken.map((e) => ({ account: e.account, currency: e.currency, amount: -e.amount }));
}
