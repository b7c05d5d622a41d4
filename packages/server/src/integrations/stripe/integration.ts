/**
 * Everything the server builds from the `stripe` library, in one module so that provider-sdks.ts can import it (and
 * with it the library) only when Stripe is configured. Nothing outside integrations/ imports these files statically.
 */
export { createStripeClient } from './client';
export { parseConnectWebhook } from './connect-events';
export { StripeConnectRail } from './connect-rail';
export { StripeConnectedAccounts } from './connected-accounts';
export { StripeProvider, stripeKeyIsLive } from './stripe-provider';
