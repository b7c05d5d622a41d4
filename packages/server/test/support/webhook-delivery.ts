import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { signCashfreeDelivery } from '../fakes/cashfree-webhooks';
import { signStripeDelivery, stripeEvent } from '../fakes/stripe-webhooks';
import type { TestServer } from './server';

/** A signed provider delivery: the exact bytes and headers the provider would POST. */
export interface Delivery {
  body: Buffer;
  headers: Record<string, string>;
}

export interface DeliveryAnswer {
  status: number;
  /** The parsed JSON answer (an acknowledgement or the standard error body). */
  body: unknown;
}

export type WebhookProviderName = 'stripe' | 'cashfree';

/**
 * POSTs a delivery's raw bytes and headers to the server's webhook endpoint, as the provider
 * does: nothing is parsed or re-serialised on the way, so the signature covers what arrives.
 */
export async function deliver(server: TestServer, provider: string, delivery: Delivery): Promise<DeliveryAnswer> {
  const response = await fetch(`${server.url}/api/v1/webhooks/${provider}`, {
    method: 'POST',
    headers: delivery.headers,
    body: new Uint8Array(delivery.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/** Delivers and expects the 200 acknowledgement; returns its outcomes (one per event in the delivery). */
export async function deliverAccepted(server: TestServer, provider: WebhookProviderName, delivery: Delivery): Promise<string[]> {
  const answer = await deliver(server, provider, delivery);
  expect(answer, 'webhook acknowledgement').toMatchObject({ status: 200, body: { received: true } });
  return (answer.body as { outcomes: string[] }).outcomes;
}

/** Delivers and expects a refusal in the standard error shape; returns it. */
export async function deliverRefused(
  server: TestServer,
  provider: string,
  delivery: Delivery,
): Promise<{ status: number; error: { code: string; message: string; details?: unknown } }> {
  const answer = await deliver(server, provider, delivery);
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  const body = answer.body as { error: { code: string; message: string; details?: unknown } };
  expect(body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  return { status: answer.status, error: body.error };
}

/** A webhook endpoint secret in the format the config accepts (`whsec_…`). */
export const newStripeWebhookSecret = () => `whsec_${randomBytes(16).toString('hex')}`;

/**
 * A Stripe event about `object`, signed with `secret` the way Stripe signs it. `timestampSeconds`
 * moves the signature's `t=`; `body` replaces the bytes after signing (a tampered delivery).
 */
export function stripeDelivery(
  secret: string,
  type: string,
  object: Record<string, unknown>,
  options: { eventId?: string; timestampSeconds?: number; signWith?: string; livemode?: boolean } = {},
): Delivery {
  const event = stripeEvent(type, object, {
    ...(options.eventId ? { id: options.eventId } : {}),
    ...(options.livemode === undefined ? {} : { livemode: options.livemode }),
  });
  return signStripeDelivery(event, {
    secrets: [options.signWith ?? secret],
    ...(options.timestampSeconds === undefined ? {} : { timestampSeconds: options.timestampSeconds }),
  });
}

/** A Cashfree event body (from the fake's paymentWebhook / refundWebhook), signed as Cashfree signs it. */
export function cashfreeDelivery(secret: string, event: unknown, options: { timestampMs?: number; attempt?: number } = {}): Delivery {
  return signCashfreeDelivery(event, { secret, ...options });
}

/** The same delivery with its body changed after signing: the signature no longer covers these bytes. */
export function tampered(delivery: Delivery, change: (body: string) => string): Delivery {
  const before = delivery.body.toString('utf8');
  const after = change(before);
  if (after === before) throw new Error('tampered(): the change left the body as it was');
  return { body: Buffer.from(after, 'utf8'), headers: { ...delivery.headers } };
}
