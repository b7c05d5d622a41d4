import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import { createStripeClient } from '../../payments/stripe/client';
import { CashfreeRail } from '../../payouts/cashfree/cashfree-rail';
import type { PayoutRail, RailName } from '../../payouts/rail';
import { StripeConnectRail } from '../../payouts/stripe/connect-rail';
import { StripeConnectedAccounts } from '../../payouts/stripe/connected-accounts';

/**
 * The payout rails this server is configured for: Cashfree Payouts (INR, with CASHFREE_PAYOUTS_* set) and Stripe
 * Connect (every other currency, with the Stripe keys set). Either may be missing; a payout that needs it is then
 * refused with NO_PAYOUT_DESTINATION.
 */
export class PayoutRails {
  constructor(
    readonly cashfree: PayoutRail | null,
    readonly stripe: PayoutRail | null,
    /** Connected accounts and onboarding links; with the Stripe rail. */
    readonly stripeAccounts: StripeConnectedAccounts | null,
    /** The Connect webhook endpoint's secrets; null when STRIPE_CONNECT_WEBHOOK_SECRET is not set. */
    readonly stripeWebhookSecrets: readonly string[] | null,
  ) {}

  static fromConfig(config: Config, log: FastifyBaseLogger): PayoutRails {
    const cashfree = CashfreeRail.fromConfig(config.payouts.cashfree, log.child({ rail: 'cashfree' }));
    const stripeKeys = config.payments.stripe;
    if (!stripeKeys) return new PayoutRails(cashfree, null, null, null);
    const client = createStripeClient({ secretKey: stripeKeys.secretKey, apiUrl: stripeKeys.apiUrl });
    const secrets = config.payouts.stripeConnectWebhookSecrets;
    return new PayoutRails(
      cashfree,
      new StripeConnectRail({ client, webhookSecrets: secrets ?? [] }),
      new StripeConnectedAccounts(client),
      secrets,
    );
  }

  get(name: RailName): PayoutRail | null {
    return name === 'cashfree' ? this.cashfree : this.stripe;
  }
}
