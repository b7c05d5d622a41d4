import { createHmac } from 'node:crypto';

/** Webhook version header value; the API version the fake's endpoint is "configured" with. */
export const CASHFREE_WEBHOOK_VERSION = '2025-01-01';

/**
 * A number written into the JSON exactly as given (`170.00`), the way Cashfree writes amounts. JSON.stringify
 * cannot do that (it would write `170`), and the difference matters: the signature covers the bytes.
 */
export class JsonDecimal {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a decimal: ${text}`);
  }
}

/** Rupees with two decimals from integer paise, as Cashfree prints them: 17000 → `170.00`. */
export const rupees = (paise: number) => new JsonDecimal((paise / 100).toFixed(2));

/** JSON.stringify that writes JsonDecimal values verbatim as numbers. */
export function stringifyWithDecimals(value: unknown): string {
  const marker = `__decimal_${Math.random().toString(36).slice(2)}__`;
  const json = JSON.stringify(value, (_key, v: unknown) => (v instanceof JsonDecimal ? `${marker}${v.text}` : v));
  return json.replace(new RegExp(`"${marker}(-?[0-9.]+)"`, 'g'), '$1');
}

export interface CashfreeDelivery {
  body: Buffer;
  headers: Record<string, string>;
}

export type CashfreeWebhookType =
  | 'PAYMENT_SUCCESS_WEBHOOK'
  | 'PAYMENT_FAILED_WEBHOOK'
  | 'PAYMENT_USER_DROPPED_WEBHOOK'
  | 'REFUND_STATUS_WEBHOOK'
  | CashfreeDisputeWebhookType;

/** Dispute events: they move money like Stripe's disputes (see src/integrations/cashfree/webhook-events.ts). */
export type CashfreeDisputeWebhookType = 'DISPUTE_CREATED' | 'DISPUTE_UPDATED' | 'DISPUTE_CLOSED';

/** `event_time` in Cashfree's format: ISO 8601 with the India offset. */
export function istTime(ms: number): string {
  const local = new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 19);
  return `${local}+05:30`;
}

export function cashfreeEvent(type: CashfreeWebhookType, data: Record<string, unknown>, eventTimeMs = Date.now()) {
  return { data, event_time: istTime(eventTimeMs), type };
}

/**
 * Signs a delivery as Cashfree does: `x-webhook-signature` = base64(HMAC-SHA256(timestamp + raw body, client
 * secret)) with `x-webhook-timestamp` in milliseconds, plus the version and attempt headers.
 */
export function signCashfreeDelivery(
  event: unknown,
  options: { secret: string; timestampMs?: number; attempt?: number; body?: string },
): CashfreeDelivery {
  const body = options.body ?? stringifyWithDecimals(event);
  const timestamp = String(options.timestampMs ?? Date.now());
  const signature = createHmac('sha256', options.secret)
    .update(timestamp + body)
    .digest('base64');
  return {
    body: Buffer.from(body, 'utf8'),
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': signature,
      'x-webhook-timestamp': timestamp,
      'x-webhook-version': CASHFREE_WEBHOOK_VERSION,
      'x-webhook-attempt': String(options.attempt ?? 1),
    },
  };
}
