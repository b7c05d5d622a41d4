import type { CurrencyCode } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import { accounts, type LedgerEntryInput, type LedgerKind, ledger } from '../../ledger';
import type { PayoutRow } from './payout-row';

/**
 * The ledger side of a payout. Every movement is between two of the channel's buckets, so the entries balance by
 * construction; each is posted once per payout (the idempotency key is the payout and the movement).
 *
 *   requested: available  → in_transit   (in the request's transaction: the money cannot be asked for twice)
 *   settled:   in_transit → paid_out     (the provider says it arrived)
 *   failed:    in_transit → available    (it will not arrive: the streamer can ask again)
 *   reversed:  paid_out   → available    (it arrived and the bank sent it back)
 */
export type PayoutMovement = 'requested' | 'settled' | 'failed' | 'reversed';

const MOVES: Record<
  PayoutMovement,
  { kind: LedgerKind; from: 'available' | 'in_transit' | 'paid_out'; to: 'available' | 'in_transit' | 'paid_out' }
> = {
  requested: { kind: 'payout_requested', from: 'available', to: 'in_transit' },
  settled: { kind: 'payout_settled', from: 'in_transit', to: 'paid_out' },
  failed: { kind: 'payout_failed', from: 'in_transit', to: 'available' },
  reversed: { kind: 'payout_reversed', from: 'paid_out', to: 'available' },
};

export const payoutReference = (payoutId: string) => `payout:${payoutId}`;

export function payoutEntries(
  movement: PayoutMovement,
  payout: { channelId: string; currency: CurrencyCode; amount: number },
): LedgerEntryInput[] {
  if (!Number.isSafeInteger(payout.amount) || payout.amount <= 0)
    throw new RangeError(`payout amount must be a positive integer, got ${payout.amount}`);
  const { from, to } = MOVES[movement];
  return [
    { account: accounts.channel(payout.channelId, from), currency: payout.currency, amount: -payout.amount },
    { account: accounts.channel(payout.channelId, to), currency: payout.currency, amount: payout.amount },
  ];
}

/** Posts one movement of a payout inside the caller's transaction (a second post of the same movement writes nothing). */
export async function postPayoutMovement(
  tx: TransactionSql,
  movement: PayoutMovement,
  payout: Pick<PayoutRow, 'id' | 'channelId' | 'currency' | 'amount'>,
): Promise<void> {
  await ledger.post(tx, {
    kind: MOVES[movement].kind,
    reference: payoutReference(payout.id),
    idempotencyKey: `${payoutReference(payout.id)}:${movement}`,
    entries: payoutEntries(movement, payout),
  });
}
