import type { CurrencyCode, Payout, PayoutStatus } from '@tipchat/sdk/protocol';
import type { RailName } from '../../providers/payout-rail';

/** A payouts row as `select * from payouts` returns it (postgres.js camel-cases the columns). */
export interface PayoutRow {
  id: string;
  channelId: string;
  rail: RailName;
  beneficiaryId: string | null;
  stripeAccountId: string | null;
  amount: number;
  currency: CurrencyCode;
  status: PayoutStatus;
  origin: 'manual' | 'sweep';
  transferId: string;
  providerReference: string | null;
  failureReason: string | null;
  requestedBy: string | null;
  nextPollAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  settledAt: Date | null;
}

export function toPayout(row: PayoutRow): Payout {
  return {
    id: row.id,
    rail: row.rail,
    beneficiaryId: row.beneficiaryId,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    origin: row.origin,
    transferId: row.transferId,
    providerReference: row.providerReference,
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
    settledAt: row.settledAt?.toISOString() ?? null,
  };
}
