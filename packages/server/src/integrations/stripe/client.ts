import Stripe from 'stripe';

export interface StripeClientOptions {
  /** `sk_live_…` / `sk_test_…` (or a restricted `rk_…` key). */
  secretKey: string;
  /**
   * Where the API lives when it is not Stripe's own: a local fake or stripe-mock, e.g. `http://127.0.0.1:12111`.
   * Only the protocol, host and port are used; the client always sends `/v1/…` paths.
   */
  apiUrl?: string;
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

/** Short next to the library's 80 s: a viewer is waiting on the checkout while we create the PaymentIntent. */
export const DEFAULT_STRIPE_TIMEOUT_MS = 15_000;

/**
 * The library retries connection errors, 409s and 5xx with backoff, re-sending the same idempotency key, so a retry
 * can never create a second PaymentIntent or refund: every create call of ours passes its own stable key.
 */
export const DEFAULT_STRIPE_NETWORK_RETRIES = 2;

/** The real `stripe` client, pointed at Stripe or, with `apiUrl`, at a local stand-in. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  if (options.secretKey.trim() === '') throw new Error('createStripeClient needs a secret key');
  return new Stripe(options.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? DEFAULT_STRIPE_NETWORK_RETRIES,
    timeout: options.timeoutMs ?? DEFAULT_STRIPE_TIMEOUT_MS,
    ...(options.apiUrl === undefined ? {} : apiLocation(options.apiUrl)),
  });
}

function apiLocation(apiUrl: string): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(`Stripe API URL is not a URL: ${apiUrl}`);
  }
  const protocol = url.protocol.slice(0, -1);
  if (protocol !== 'http' && protocol !== 'https') throw new Error(`Stripe API URL must be http or https: ${apiUrl}`);
  // The library has no base-path option: a path here would be silently dropped, so refuse it instead.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw new Error(`Stripe API URL must not have a path: ${apiUrl}`);
  if (url.username !== '' || url.password !== '') throw new Error('Stripe API URL must not carry credentials');
  return {
    protocol,
    // URL keeps the brackets of an IPv6 literal; node:http wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port),
  };
}
