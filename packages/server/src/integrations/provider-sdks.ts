import type { Config } from '../config';

/** What the server builds from the `stripe` library; importing it loads the library. */
export type StripeIntegration = typeof import('./stripe/integration');
/** What the server builds from the `cashfree-pg` library; importing it loads the library. */
export type CashfreeIntegration = typeof import('./cashfree/integration');

/**
 * The payment SDKs are loaded only when the configuration enables their provider: importing cashfree-pg costs
 * ~1.25 s and ~55 MB (it pulls Sentry, OpenTelemetry and axios in), stripe less but still a cost every server
 * without Stripe keys would pay. `loadProviderSdks` runs before the server assembles its providers and payout rails,
 * which then take the loaded modules synchronously.
 */
let stripe: StripeIntegration | null = null;
let cashfree: CashfreeIntegration | null = null;

export async function loadProviderSdks(config: Pick<Config, 'payments'>): Promise<void> {
  if (config.payments.stripe) stripe ??= await import('./stripe/integration');
  if (config.payments.cashfree) cashfree ??= await import('./cashfree/integration');
}

export function stripeIntegration(): StripeIntegration {
  if (!stripe) throw new Error('Stripe is configured but its SDK is not loaded: await loadProviderSdks(config) first');
  return stripe;
}

export function cashfreeIntegration(): CashfreeIntegration {
  if (!cashfree) throw new Error('Cashfree is configured but its SDK is not loaded: await loadProviderSdks(config) first');
  return cashfree;
}
