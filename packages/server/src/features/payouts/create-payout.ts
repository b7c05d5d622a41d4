import type { CurrencyCode } from '@tipchat/sdk/protocol';
import type { PayoutsConfig } from '../../config';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import { accounts, ledger } from '../../ledger';
import type { TransferRequest } from '../../providers/payout-rail';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import type { EventWriter } from '../../realtime/event-log';
import { minimumPayout } from './balances';
import { lockDestination } from './destinations';
import { postPayoutMovement } from './payout-money';
import { type PayoutRow, toPayout } from './payout-row';
import { MISSING_GRACE_MS } from './timing';
import { newTransferId } from './transfer-id';

export interface PayoutInput {
  channelId: string;
  currency: CurrencyCode;
  /** Minor units; undefined: everything available. */
  amount: number | undefined;
  beneficiaryId: string | undefined;
  origin: 'manual' | 'sweep';
  requestedBy: string | null;
}

/** A recorded payout and the transfer to send for it once the transaction has committed. */
export interface CreatedPayout {
  row: PayoutRow;
  transfer: TransferRequest;
}

export function belowMinimum(amount: number, minimum: number, currency: CurrencyCode, available?: number): AppError {
  return new AppError('PAYOUT_BELOW_MINIMUM', `The smallest payout in ${currency} is ${minimum} (minor units)`, {
    amount,
    minimum,
    currency,
    ...(available === undefined ? {} : { available }),
  });
}

/**
 * Records a payout inside the caller's transaction: checks the destination and the balance, moves the amount from
 * available to in transit in the ledger, inserts the payout (status requested) and tells the staff. The provider is
 * called only after the commit.
 *
 * Concurrent requests of one channel take turns on the channel row (the lock order's step 1, see
 * realtime/channel-lock.ts), so each one reads the available balance after the one before it moved its money: however
 * many race, they never take more than is there.
 */
export async function createPayout(
  tx: TransactionSql,
  events: EventWriter,
  rails: PayoutRailSet,
  config: Pick<PayoutsConfig, 'minimum'>,
  input: PayoutInput,
): Promise<CreatedPayout> {
  await events.lock(input.channelId);
  const destination = await lockDestination(tx, rails, input);

  const minimum = minimumPayout(config, input.currency);
  const available = await ledger.balance(tx, accounts.channelAvailable(input.channelId), input.currency);
  const amount = input.amount ?? available;
  if (amount < minimum) throw belowMinimum(amount, minimum, input.currency, available);
  if (amount > available) {
    throw new AppError('INSUFFICIENT_BALANCE', `Only ${available} (minor units) of ${input.currency} is available for payout`, {
      amount,
      available,
      currency: input.currency,
    });
  }

  const transferId = newTransferId();
  const [row] = await tx<PayoutRow[]>`
    insert into payouts (channel_id, rail, beneficiary_id, stripe_account_id, amount, currency, status, origin, transfer_id,
      requested_by, next_poll_at)
    values (${input.channelId}, ${destination.rail}, ${destination.beneficiaryId}, ${destination.stripeAccountId}, ${amount},
      ${input.currency}, 'requested', ${input.origin}, ${transferId}, ${input.requestedBy},
      now() + ${`${MISSING_GRACE_MS} milliseconds`}::interval)
    returning *`;
  if (!row) throw new Error('payout insert returned nothing');
  await postPayoutMovement(tx, 'requested', row);
  await events.append(input.channelId, 'payout.updated', toPayout(row), 'staff');
  return {
    row,
    transfer: {
      payoutId: row.id,
      transferId,
      amount,
      currency: input.currency,
      destination: destination.providerDestination,
      ...(destination.mode && { mode: destination.mode }),
      description: `tipchat payout ${transferId}`,
    },
  };
}
