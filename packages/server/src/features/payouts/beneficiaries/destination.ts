import type { TransactionSql } from '../../../db/connection';
import { AppError, notFound } from '../../../errors';
import type { BeneficiaryRow } from './store';

/** Where a Cashfree payout goes, in the rail's terms (TransferRequest.destination and mode). */
export interface PayoutDestination {
  beneficiaryId: string;
  /** Cashfree's beneficiary id: TransferRequest.destination. */
  providerBeneficiaryId: string;
  mode: 'banktransfer' | 'upi';
}

/**
 * For the payout request's transaction: the channel's beneficiary to pay, locked FOR SHARE until the transaction
 * ends. A replacement or removal locks the row FOR UPDATE while it checks for payouts in flight, so the two take
 * turns: either the payout is recorded first and the change is refused (BENEFICIARY_IN_USE), or the change marked
 * the row first and the payout is refused here.
 *
 * Without an id, the channel's only verified beneficiary. Only one Cashfree holds as stored (not mid-replacement
 * or removal) and whose verification is `valid` can be paid.
 */
export async function lockPayoutDestination(
  tx: TransactionSql,
  channelId: string,
  beneficiaryId: string | undefined,
): Promise<PayoutDestination> {
  const row = beneficiaryId === undefined ? await onlyVerified(tx, channelId) : await named(tx, channelId, beneficiaryId);
  if (row.providerState !== 'registered' || (row.providerChangeUntil !== null && row.providerChangeUntil > new Date())) {
    throw new AppError('BENEFICIARY_NOT_REGISTERED', 'This beneficiary is being changed; finish the update before requesting a payout', {
      beneficiaryId: row.id,
    });
  }
  if (row.verification !== 'valid') {
    throw new AppError('BENEFICIARY_INVALID', 'Verify this beneficiary with the bank before requesting a payout to it', {
      beneficiaryId: row.id,
      verification: row.verification,
    });
  }
  return { beneficiaryId: row.id, providerBeneficiaryId: row.providerBeneficiaryId, mode: row.kind === 'upi' ? 'upi' : 'banktransfer' };
}

async function named(tx: TransactionSql, channelId: string, beneficiaryId: string): Promise<BeneficiaryRow> {
  const [row] = await tx<BeneficiaryRow[]>`
    select * from payout_beneficiaries where id = ${beneficiaryId} and channel_id = ${channelId} and removed_at is null for share`;
  if (!row) throw notFound('Beneficiary');
  return row;
}

async function onlyVerified(tx: TransactionSql, channelId: string): Promise<BeneficiaryRow> {
  const rows = await tx<BeneficiaryRow[]>`
    select * from payout_beneficiaries
    where channel_id = ${channelId} and removed_at is null and verification = 'valid' and provider_state = 'registered'
    order by created_at limit 2 for share`;
  const [row] = rows;
  if (!row) throw new AppError('NO_PAYOUT_DESTINATION', 'Add and verify a bank account or UPI id before requesting a payout');
  if (rows.length > 1) {
    throw new AppError('NO_PAYOUT_DESTINATION', 'You have several verified beneficiaries: name the one to pay (beneficiaryId)');
  }
  return row;
}
