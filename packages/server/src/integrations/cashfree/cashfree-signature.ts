import { createHmac, timingSafeEqual } from 'node:crypto';
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

export interface CashfreeWebhookOptions {
  /** The PG client secret(s). More than one while a rotated secret is being rolled out. */
  secrets: readonly string[];
  toleranceSeconds?: number;
  futureSkewSeconds?: number;
  now?: Clock;
}

/** The headers Cashfree sends with every webhook, lower-cased as Node delivers them. */
export interface CashfreeWebhookHeaders {
  'x-webhook-signature'?: HeaderValue;
  'x-webhook-timestamp'?: HeaderValue;
  'x-webhook-version'?: HeaderValue;
  'x-webhook-attempt'?: HeaderValue;
}

/** The shared envelope; `data` stays loose and the tips layer validates what it reads per event type. */
export const cashfreeEventSchema = z.looseObject({
  type: z.string().min(1),
  event_time: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type CashfreeWebhookEvent = z.infer<typeof cashfreeEventSchema>;

export interface VerifiedCashfreeWebhook {
  event: CashfreeWebhookEvent;
  /** `x-webhook-timestamp`, milliseconds since the epoch. */
  signedAtMs: number;
  /** `x-webhook-version` as sent (the API version the endpoint is configured with), if any. */
  version: string | null;
  /** `x-webhook-attempt` (1 for the first delivery), if sent and numeric. */
  attempt: number | null;
  secretIndex: number;
}

const fail = (reason: WebhookVerificationError['reason'], message: string) => new WebhookVerificationError('cashfree', reason, message);

const single = (value: HeaderValue): string | undefined => (Array.isArray(value) ? undefined : value === '' ? undefined : value);

/**
 * Verifies a Cashfree PG (or Payouts) webhook: `x-webhook-signature` = base64(HMAC-SHA256(timestamp + raw body,
 * client secret)), with `x-webhook-timestamp` in milliseconds.
 *
 * We do not use the SDK's `PGVerifyWebhookSignature`: it compares the signatures with `===` (its running time
 * depends on how many leading characters match, which leaks the signature a byte at a time) and it never looks at
 * the timestamp, so a captured delivery could be replayed forever. Here the comparison is `timingSafeEqual` and the
 * timestamp must be inside the window both ways.
 *
 * The HMAC is computed over the raw bytes: parsing and re-serialising the JSON (`170.00` → `170`) changes them.
 * A replay inside the window verifies again; deduplication on the payment/refund id belongs to the tips layer.
 */
export function verifyCashfreeWebhook(
  rawBody: Uint8Array,
  headers: CashfreeWebhookHeaders,
  options: CashfreeWebhookOptions,
): VerifiedCashfreeWebhook {
  const secrets = options.secrets.filter((secret) => secret.trim() !== '');
  if (secrets.length === 0) throw new Error('verifyCashfreeWebhook needs at least one client secret');

  if (Array.isArray(headers['x-webhook-signature']) || Array.isArray(headers['x-webhook-timestamp'])) {
    throw fail('malformed_header', 'x-webhook-signature or x-webhook-timestamp sent more than once');
  }
  const signature = single(headers['x-webhook-signature']);
  const timestamp = single(headers['x-webhook-timestamp']);
  if (signature === undefined || timestamp === undefined) {
    throw fail('missing_header', 'x-webhook-signature and x-webhook-timestamp are both required');
  }
  if (!/^\d{1,15}$/.test(timestamp)) throw fail('malformed_timestamp', 'x-webhook-timestamp is not a number of milliseconds');

  const received = Buffer.from(signature, 'utf8');
  const secretIndex = secrets.findIndex((secret) => {
    // Compare the base64 text, not decoded bytes: Node's base64 decoder skips junk characters, so decoding first
    // would accept many spellings of one signature.
    const expected = Buffer.from(createHmac('sha256', secret).update(timestamp).update(rawBody).digest('base64'), 'utf8');
    return expected.length === received.length && timingSafeEqual(expected, received);
  });
  if (secretIndex === -1) throw fail('signature_mismatch', 'x-webhook-signature does not match the body with any client secret');

  const signedAtMs = Number(timestamp);
  checkFreshness('cashfree', signedAtMs, (options.now ?? systemClock)(), {
    toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    futureSkewSeconds: options.futureSkewSeconds ?? DEFAULT_FUTURE_SKEW_SECONDS,
  });

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch {
    throw fail('unparsable_body', 'Webhook body is not UTF-8 JSON');
  }
  const parsed = cashfreeEventSchema.safeParse(json);
  if (!parsed.success) throw fail('unparsable_body', 'Webhook body is not a Cashfree event');

  const attempt = single(headers['x-webhook-attempt']);
  return {
    event: parsed.data,
    signedAtMs,
    version: single(headers['x-webhook-version']) ?? null,
    attempt: attempt !== undefined && /^\d{1,6}$/.test(attempt) ? Number(attempt) : null,
    secretIndex,
  };
}
