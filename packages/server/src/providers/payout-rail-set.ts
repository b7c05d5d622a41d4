import type { ConnectedAccounts, ConnectWebhookParser } from './connected-accounts';
import type { PayoutRail, RailName } from './payout-rail';

/**
 * The payout rails this server is configured for: Cashfree Payouts (INR) and Stripe Connect (every other currency).
 * Either may be missing; a payout that needs it is then refused with NO_PAYOUT_DESTINATION.
 */
export interface PayoutRailSet {
  readonly cashfree: PayoutRail | null;
  readonly stripe: PayoutRail | null;
  /** Connected accounts and onboarding links; with the Stripe rail. */
  readonly stripeAccounts: ConnectedAccounts | null;
  /** The Connect webhook endpoint's verifier; null when STRIPE_CONNECT_WEBHOOK_SECRET is not set. */
  readonly stripeWebhooks: ConnectWebhookParser | null;
  get(name: RailName): PayoutRail | null;
}
