import Stripe from 'stripe';
import { z } from 'zod';
import {
  type Clock,
  checkFreshness,
  DEFAULT_FUTURE_SKEW_SECONDS,
  DEFAULT_TOLERANCE_SECONDS,
  type HeaderValue,
  systemClock,
  WebhookVerificationError,
} from '../../providers/webhook-errors';

export interface StripeWebhookOptions {
  /** Endpoint secrets (`whsec_…`). During a rotation Stripe signs with both; a delivery passes if any one matches. */
  secrets: readonly string[];
  toleranceSeconds?: number;
  futureSkewSeconds?: number;
  now?: Clock;
}

/**
 * The envelope every Stripe event shares. `data.object` stays a loose record: the tips layer validates the fields
 * it reads for each event type instead of trusting a cast to Stripe's types.
 */
export const stripeEventSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('event'),
  type: z.string().min(1),
  created: z.number().int(),
  livemode: z.boolean(),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeWebhookEvent = z.infer<typeof stripeEventSchema>;

export interface VerifiedStripeWebhook {
  event: StripeWebhookEvent;
  /** The `t=` of the header, in unix seconds. */
  signedAt: number;
  /** Which of `options.secrets` matched, so an operator can tell when the old secret stops being used. */
  secretIndex: number;
}

const fail = (reason: WebhookVerificationError['reason'], message: string) => new WebhookVerificationError('stripe', reason, message);

interface ParsedHeader {
  raw: string;
  timestamp: number;
}

/** Our own parse, stricter than the library's, so each kind of bad header gets its own reason. */
function parseHeader(header: HeaderValue): ParsedHeader {
  if (header === undefined || header === '') throw fail('missing_header', 'No Stripe-Signature header');
  if (typeof header !== 'string') throw fail('malformed_header', 'Stripe-Signature header sent more than once');
  let timestamp: number | undefined;
  let v1Count = 0;
  for (const item of header.split(',')) {
    const match = /^([A-Za-z0-9_]+)=(.+)$/.exec(item);
    if (!match) throw fail('malformed_header', 'Stripe-Signature header is not a list of key=value pairs');
    const key = match[1];
    const value = match[2] ?? '';
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) throw fail('malformed_header', 'Stripe-Signature header has a bad t=');
      timestamp = Number(value);
    } else if (key === 'v1') {
      v1Count += 1;
    }
    // Other schemes (v0 is Stripe's test-only scheme) are ignored, as Stripe's documentation asks.
  }
  if (timestamp === undefined) throw fail('malformed_header', 'Stripe-Signature header has no t=');
  if (v1Count === 0) throw fail('no_v1_signature', 'Stripe-Signature header has no v1 signature');
  return { raw: header, timestamp };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Verifies a Stripe webhook delivery from the raw request bytes, then parses the event.
 *
 * The HMAC and its constant-time comparison come from the `stripe` library (`webhooks.signature.verifyHeader`).
 * It is called with tolerance 0 (no age check) because we check the age ourselves after the signature, in both
 * directions: the library refuses old timestamps but accepts any timestamp in the future.
 *
 * A replay of a valid delivery inside the window verifies again: deduplication on `event.id` belongs to the tips
 * layer, which records processed event ids under a unique key in the same transaction as the ledger entries.
 */
export function verifyStripeWebhook(
  rawBody: Uint8Array,
  signatureHeader: HeaderValue,
  options: StripeWebhookOptions,
): VerifiedStripeWebhook {
  const secrets = options.secrets.filter((secret) => secret.trim() !== '');
  if (secrets.length === 0) throw new Error('verifyStripeWebhook needs at least one endpoint secret');
  const header = parseHeader(signatureHeader);

  let text: string;
  try {
    // The library decodes bytes leniently (bad sequences become U+FFFD); Stripe only sends UTF-8, so refuse anything else.
    text = utf8.decode(rawBody);
  } catch {
    throw fail('unparsable_body', 'Webhook body is not UTF-8');
  }

  const secretIndex = secrets.findIndex((secret) => signatureMatches(rawBody, header.raw, secret));
  if (secretIndex === -1) throw fail('signature_mismatch', 'No v1 signature matches the body with any endpoint secret');

  checkFreshness('stripe', header.timestamp * 1000, (options.now ?? systemClock)(), {
    toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    futureSkewSeconds: options.futureSkewSeconds ?? DEFAULT_FUTURE_SKEW_SECONDS,
  });

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail('unparsable_body', 'Webhook body is not JSON');
  }
  const parsed = stripeEventSchema.safeParse(json);
  if (!parsed.success) throw fail('unparsable_body', 'Webhook body is not a Stripe event');
  return { event: parsed.data, signedAt: header.timestamp, secretIndex };
}

function signatureMatches(rawBody: Uint8Array, header: string, secret: string): boolean {
  const signature = Stripe.webhooks.signature;
  if (!signature) throw new Error('stripe.webhooks.signature is not available in this build of the stripe library');
  try {
    return signature.verifyHeader(rawBody, header, secret, 0);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) return false;
    throw err;
  }
}
