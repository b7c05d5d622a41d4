import type { CurrencyCode, PayoutAvailability } from '@tipchat/sdk/protocol';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import { railFor } from './destinations';

/**
 * Whether this server can pay out `currency` at all: its rail (Cashfree Payouts for INR, Stripe
 * Connect otherwise) must be configured. The same rule lockDestination refuses payouts by, said
 * before anyone clicks.
 */
export function payoutAvailability(rails: PayoutRailSet, currency: CurrencyCode): PayoutAvailability {
  const rail = railFor(currency);
  if (rails.get(rail)) return { currency, rail, available: true, reason: null };
  const reason =
    rail === 'cashfree'
      ? 'This tipchat server is not set up for Cashfree Payouts, which pays out INR. Your tips are kept in your balance; the server’s operator can enable payouts.'
      : `This tipchat server is not set up for Stripe Connect, which pays out ${currency}. Your tips are kept in your balance; the server’s operator can enable payouts.`;
  return { currency, rail, available: false, reason };
}
