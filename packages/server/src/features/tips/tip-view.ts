import type { CurrencyCode, NextAction, PaymentProviderName, PublicTip, TipFeedItem, TipStatus, TipTier } from '@tipchat/sdk/protocol';

/** A tips row as `select * from tips` returns it (postgres.js camel-cases the columns). */
export interface TipRow {
  id: string;
  channelId: string;
  streamId: string | null;
  provider: PaymentProviderName;
  paymentId: string | null;
  /** What the tipper's browser must do to pay, kept while the tip is unpaid. */
  nextAction: NextAction | null;
  status: TipStatus;
  amount: number;
  currency: CurrencyCode;
  fee: number;
  displayName: string;
  message: string;
  messageHeld: boolean;
  viewerId: string | null;
  userId: string | null;
  deviceHash: string | null;
  /** The tier the amount fell in when the tip was created, with its index in the channel's list. */
  tier: TipTier & { index: number };
  email: string | null;
  refundedAmount: number;
  disputedAmount: number;
  failureReason: string | null;
  paidAt: Date | null;
  holdUntil: Date | null;
  releases: number;
  releaseDue: boolean;
  chatMessageId: string | null;
  readAt: Date | null;
  starred: boolean;
  hidden: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What anyone may see: the held message is never part of it. */
export function toPublicTip(row: TipRow): PublicTip {
  return {
    id: row.id,
    channelId: row.channelId,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    displayName: row.displayName,
    message: row.messageHeld || row.message === '' ? null : row.message,
    tier: { index: row.tier.index, color: row.tier.color, pinSeconds: row.tier.pinSeconds, alertSeconds: row.tier.alertSeconds },
    createdAt: row.createdAt.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
  };
}

/**
 * The streamer's view: money after refunds, marks, and the held text for review. `fee` and `net`
 * are what the platform and the streamer keep after refunds and disputes not won back, so
 * amount - refundedAmount - disputedAmount = fee + net (the feed's totals add up the same way).
 */
export function toTipFeedItem(row: TipRow): TipFeedItem {
  const reversed = row.refundedAmount + row.disputedAmount;
  // The fee goes back in proportion to what was given back (see ledger recipes), rounded the same way.
  const feeKept = row.fee - Number((BigInt(row.fee) * BigInt(reversed)) / BigInt(row.amount));
  return {
    ...toPublicTip(row),
    provider: row.provider,
    paymentId: row.paymentId,
    fee: feeKept,
    net: row.amount - reversed - feeKept,
    refundedAmount: row.refundedAmount,
    disputedAmount: row.disputedAmount,
    fullMessage: row.message,
    messageHeld: row.messageHeld,
    failureReason: row.failureReason,
    viewerId: row.viewerId,
    streamId: row.streamId,
    read: row.readAt !== null,
    starred: row.starred,
    hidden: row.hidden,
    holdUntil: row.holdUntil?.toISOString() ?? null,
  };
}
