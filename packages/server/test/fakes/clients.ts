import type { Cashfree } from 'cashfree-pg';
import type Stripe from 'stripe';
import { createCashfreeClient } from '../../src/integrations/cashfree/pg-client';
import { createStripeClient } from '../../src/integrations/stripe/client';
import type { FakeCashfree } from './cashfree-fake';
import type { FakeStripe } from './stripe-fake';

/**
 * The real `stripe` client pointed at the fake, built the way the server builds it (createStripeClient): plain HTTP
 * on 127.0.0.1 and, unless a test asks for them, no automatic retries (a test that wants a retry makes it explicitly,
 * with the same idempotency key, so the request count stays predictable).
 */
export function stripeClientFor(fake: FakeStripe, options: { timeoutMs?: number; maxNetworkRetries?: number } = {}): Stripe {
  return createStripeClient({
    secretKey: fake.apiKey,
    apiUrl: `http://127.0.0.1:${fake.port}`,
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

/**
 * The real `cashfree-pg` client pointed at the fake, built the way the server builds it (createCashfreeClient): its
 * interceptor rewrites the sandbox prefix to the fake and refuses any other URL, which keeps every request on
 * 127.0.0.1, and error analytics are off.
 */
export function cashfreeClientFor(fake: FakeCashfree, options: { timeoutMs?: number } = {}): Cashfree {
  return createCashfreeClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    environment: 'sandbox',
    apiUrl: fake.origin,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}
