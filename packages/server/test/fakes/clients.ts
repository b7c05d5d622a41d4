import axios from 'axios';
import { Cashfree, CFEnvironment } from 'cashfree-pg';
import Stripe from 'stripe';
import type { FakeCashfree } from './cashfree-fake';
import type { FakeStripe } from './stripe-fake';

/**
 * The real `stripe` client pointed at the fake: plain HTTP on 127.0.0.1, no automatic retries (a test that wants a
 * retry makes it explicitly, with the same idempotency key, so the request count stays predictable).
 */
export function stripeClientFor(fake: FakeStripe, options: { timeoutMs?: number } = {}): Stripe {
  return new Stripe(fake.apiKey, {
    host: '127.0.0.1',
    port: fake.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 10_000,
  });
}

/** Where cashfree-pg 6.x sends PG requests; it builds these URLs itself, whatever axios instance it is given. */
export const CASHFREE_SANDBOX_PG = 'https://sandbox.cashfree.com/pg';

/**
 * The real `cashfree-pg` client pointed at the fake. The SDK hard-codes its base URL, so an axios request
 * interceptor rewrites the sandbox prefix to the fake and refuses any other URL, which keeps every request on
 * 127.0.0.1. Error analytics are off (7th argument): with them on, the SDK initialises Sentry with Cashfree's DSN
 * and reports our errors, and our users' data, to Cashfree.
 */
export function cashfreeClientFor(fake: FakeCashfree, options: { timeoutMs?: number } = {}): Cashfree {
  const http = axios.create({ timeout: options.timeoutMs ?? 10_000 });
  http.interceptors.request.use((config) => {
    const url = config.url ?? '';
    if (!url.startsWith(`${CASHFREE_SANDBOX_PG}/`)) throw new Error(`refusing a Cashfree request outside the fake: ${url}`);
    return { ...config, url: `${fake.origin}/pg${url.slice(CASHFREE_SANDBOX_PG.length)}` };
  });
  return new Cashfree(CFEnvironment.SANDBOX, fake.clientId, fake.clientSecret, undefined, undefined, undefined, false, http);
}
