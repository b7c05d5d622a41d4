import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { ConnectedAccounts, ConnectWebhookParser } from '../providers/connected-accounts';
import type { PayoutRail, RailName } from '../providers/payout-rail';
import type { PayoutRailSet } from '../providers/payout-rail-set';
import { CashfreeRail } from './cashfree/cashfree-rail';
import { stripeIntegration } from './provider-sdks';

/**
 * The payout rails this server is configured for: Cashfree Payouts (INR, with CASHFREE_PAYOUTS_* set) and Stripe
 * Connect (every other currency, with the Stripe keys set). Either may be missing; a payout that needs it is then
 * refused with NO_PAYOUT_DESTINATION. With Stripe keys set, the Stripe SDK must be loaded first (`loadProviderSdks`).
 */
export class PayoutRails implements PayoutRailSet {
  constructor(
    readonly cashfree: PayoutRail | null,
    readonly stripe: PayoutRail | null,
    readonly stripeAccounts: ConnectedAccounts | null,
    readonly stripeWebhooks: ConnectWebhookParser | null,
  ) {}

  static fromConfig(config: Config, log: FastifyBaseLogger): PayoutRails {
    const cashfree = CashfreeRail.fromConfig(config.payouts.cashfree, log.child({ rail: 'cashfree' }));
    const stripeKeys = config.payments.stripe;
    if (!stripeKeys) return new PayoutRails(cashfree, null, null, null);
    const { createStripeClient, parseConnectWebhook, StripeConnectRail, StripeConnectedAccounts } = stripeIntegration();
    const client = createStripeClient({ secretKey: stripeKeys.secretKey, apiUrl: stripeKeys.apiUrl });
    const secrets = config.payouts.stripeConnectWebhookSecrets;
    return new PayoutRails(
      cashfree,
      new StripeConnectRail({ client, webhookSecrets: secrets ?? [] }),
      new StripeConnectedAccounts(client),
      // Without STRIPE_CONNECT_WEBHOOK_SECRET the endpoint answers 404 rather than refusing every delivery.
      secrets ? (rawBody, headers) => parseConnectWebhook(rawBody, headers, { secrets }) : null,
    );
  }

  get(name: RailName): PayoutRail | null {
    return name === 'cashfree' ? this.cashfree : this.stripe;
  }
}
