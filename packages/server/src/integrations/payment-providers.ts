import type { CurrencyCode, PaymentProviderName } from '@tipchat/sdk/protocol';
import type { PaymentsConfig } from '../config';
import type { PaymentProvider, PaymentProviderSet } from '../providers/payment-provider';
import { DevProvider } from './dev-payments/dev-provider';
import { cashfreeIntegration, stripeIntegration } from './provider-sdks';

/** Cashfree PG collects rupees; tips in other currencies go to Stripe. */
const CASHFREE_CURRENCIES: ReadonlySet<CurrencyCode> = new Set(['INR']);

/**
 * The providers this server was configured with, and which of them can take a tip in a currency. The SDKs of the
 * configured ones must be loaded first (`loadProviderSdks`).
 */
export class PaymentProviders implements PaymentProviderSet {
  readonly dev: DevProvider | null;
  private readonly byName = new Map<PaymentProviderName, PaymentProvider>();

  constructor(config: PaymentsConfig, onDevError: (error: unknown) => void) {
    if (config.stripe) {
      const { createStripeClient, StripeProvider, stripeKeyIsLive } = stripeIntegration();
      const client = createStripeClient({ secretKey: config.stripe.secretKey, apiUrl: config.stripe.apiUrl });
      this.byName.set(
        'stripe',
        new StripeProvider({
          client,
          publishableKey: config.stripe.publishableKey,
          webhookSecrets: config.stripe.webhookSecrets,
          livemode: stripeKeyIsLive(config.stripe.secretKey),
        }),
      );
    }
    if (config.cashfree) {
      const { clientId, clientSecret, environment, apiUrl } = config.cashfree;
      const { createCashfreeClient, CashfreeProvider } = cashfreeIntegration();
      const client = createCashfreeClient({ clientId, clientSecret, environment, apiUrl });
      this.byName.set('cashfree', new CashfreeProvider({ client, environment, webhookSecrets: [clientSecret] }));
    }
    this.dev = config.dev ? new DevProvider({ delayMs: config.dev.delayMs, onLaterError: onDevError }) : null;
    if (this.dev) this.byName.set('dev', this.dev);
  }

  get(name: PaymentProviderName): PaymentProvider | null {
    return this.byName.get(name) ?? null;
  }

  /**
   * Providers that can take a tip in `currency`, preferred first: a real provider before the
   * simulated one, and for rupees Cashfree (UPI, Indian cards) before Stripe.
   */
  availableFor(currency: CurrencyCode): PaymentProviderName[] {
    const order: PaymentProviderName[] = currency === 'INR' ? ['cashfree', 'stripe', 'dev'] : ['stripe', 'cashfree', 'dev'];
    return order.filter((name) => this.byName.has(name) && (name !== 'cashfree' || CASHFREE_CURRENCIES.has(currency)));
  }

  close(): void {
    this.dev?.close();
  }
}
