import type { CurrencyCode } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import type { RailName } from '../../providers/payout-rail';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import { lockPayoutDestination } from './beneficiaries/destination';

/** Where one payout goes: the rail, our row of the destination, and the provider's name for it. */
export interface Destination {
  rail: RailName;
  /** Cashfree: our beneficiary row. */
  beneficiaryId: string | null;
  /** Stripe: the connected account (`acct_…`). */
  stripeAccountId: string | null;
  /** TransferRequest.destination: Cashfree's beneficiary id or the connected account id. */
  providerDestination: string;
  mode?: 'banktransfer' | 'upi';
}

/** Payouts in rupees go to Indian bank accounts and UPI ids through Cashfree; every other currency through Stripe. */
export const railFor = (currency: CurrencyCode): RailName => (currency === 'INR' ? 'cashfree' : 'stripe');

/**
 * For the payout request's transaction: the destination, locked FOR SHARE until the transaction ends so it cannot be
 * replaced, removed or switched off under a payout being recorded. Refuses a destination that cannot be paid.
 */
export async function lockDestination(
  tx: TransactionSql,
  rails: PayoutRailSet,
  input: { channelId: string; currency: CurrencyCode; beneficiaryId: string | undefined },
): Promise<Destination> {
  if (railFor(input.currency) === 'cashfree') {
    if (!rails.cashfree) {
      throw new AppError('NO_PAYOUT_DESTINATION', 'Payouts in INR go through Cashfree Payouts, which this server is not set up for');
    }
    const beneficiary = await lockPayoutDestination(tx, input.channelId, input.beneficiaryId);
    return {
      rail: 'cashfree',
      beneficiaryId: beneficiary.beneficiaryId,
      stripeAccountId: null,
      providerDestination: beneficiary.providerBeneficiaryId,
      mode: beneficiary.mode,
    };
  }
  if (input.beneficiaryId !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'The request is not valid', [
      { path: 'body.beneficiaryId', message: `Beneficiaries are for INR payouts; ${input.currency} is paid to your Stripe account` },
    ]);
  }
  if (!rails.stripe) {
    throw new AppError(
      'NO_PAYOUT_DESTINATION',
      `Payouts in ${input.currency} go through Stripe Connect, which this server is not set up for`,
    );
  }
  const [account] = await tx<{ stripeAccountId: string; payoutsEnabled: boolean; requirements: string[] }[]>`
    select stripe_account_id, payouts_enabled, requirements from payout_stripe_accounts where channel_id = ${input.channelId} for share`;
  if (!account) {
    throw new AppError('NO_PAYOUT_DESTINATION', 'Connect a Stripe account first (POST /payout/stripe/account) to be paid in this currency');
  }
  if (!account.payoutsEnabled) {
    throw new AppError('NO_PAYOUT_DESTINATION', 'Stripe has not enabled payouts to your account yet: finish the onboarding', {
      stripeAccountId: account.stripeAccountId,
      requirements: account.requirements,
    });
  }
  return { rail: 'stripe', beneficiaryId: null, stripeAccountId: account.stripeAccountId, providerDestination: account.stripeAccountId };
}
