import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

/** The API version stamped on fake events: the one the installed `stripe` library is pinned to. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

export interface StripeDelivery {
  /** The exact bytes Stripe would POST. */
  body: Buffer;
  headers: Record<string, string>;
}

/** An event envelope as Stripe sends it (snapshot event). */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; createdAt?: number; livemode?: boolean } = {},
) {
  return {
    id: options.id ?? `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created: options.createdAt ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/**
 * Signs a delivery exactly as Stripe does: `Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`,
 * one `v1` per secret (Stripe sends two during a secret rotation). Stripe pretty-prints its JSON bodies, so do we:
 * a verifier that re-serialises the body would fail here as it would in production.
 */
export function signStripeDelivery(
  event: unknown,
  options: { secrets: readonly string[]; timestampSeconds?: number; body?: string },
): StripeDelivery {
  const payload = options.body ?? JSON.stringify(event, null, 2);
  const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const signatures = options.secrets.map((secret) => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    return header.slice(header.indexOf(',') + 1);
  });
  return {
    body: Buffer.from(payload, 'utf8'),
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': [`t=${timestamp}`, ...signatures].join(','),
    },
  };
}
