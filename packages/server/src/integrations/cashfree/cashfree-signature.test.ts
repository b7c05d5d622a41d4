import { describe, expect, it } from 'vitest';
import { cashfreeEvent, rupees, signCashfreeDelivery } from '../../../test/fakes/cashfree-webhooks';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import { type CashfreeWebhookOptions, verifyCashfreeWebhook } from './cashfree-signature';

const SECRET = 'cfsk_ma_test_current';
const OLD_SECRET = 'cfsk_ma_test_previous';
const NOW_MS = 1_800_000_000_000;
const options: CashfreeWebhookOptions = { secrets: [SECRET], now: () => NOW_MS };

const event = cashfreeEvent(
  'PAYMENT_SUCCESS_WEBHOOK',
  {
    order: { order_id: 'tip_1', order_amount: rupees(17000), order_currency: 'INR' },
    payment: { cf_payment_id: '5114910000001', payment_status: 'SUCCESS', payment_amount: rupees(17000), payment_currency: 'INR' },
  },
  NOW_MS,
);
const delivery = (overrides: { secret?: string; timestampMs?: number; body?: string } = {}) =>
  signCashfreeDelivery(event, { secret: SECRET, timestampMs: NOW_MS, ...overrides });

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof WebhookVerificationError) {
      expect(err.provider).toBe('cashfree');
      return err.reason;
    }
    throw err;
  }
  throw new Error('expected the delivery to be refused');
}

describe('Cashfree webhook verification', () => {
  it('accepts a valid delivery and returns the event with its headers', () => {
    const { body, headers } = delivery();
    expect(body.toString()).toContain('"order_amount":170.00');
    const verified = verifyCashfreeWebhook(body, headers, options);
    expect(verified.event.type).toBe('PAYMENT_SUCCESS_WEBHOOK');
    expect(verified.event.data).toMatchObject({ payment: { cf_payment_id: '5114910000001', payment_amount: 170 } });
    expect(verified.signedAtMs).toBe(NOW_MS);
    expect(verified.version).toBe(headers['x-webhook-version']);
    expect(verified.attempt).toBe(1);
  });

  it('refuses a delivery without the signature or timestamp header', () => {
    const { body, headers } = delivery();
    const { 'x-webhook-signature': _s, ...noSignature } = headers;
    const { 'x-webhook-timestamp': _t, ...noTimestamp } = headers;
    expect(reasonOf(() => verifyCashfreeWebhook(body, noSignature, options))).toBe('missing_header');
    expect(reasonOf(() => verifyCashfreeWebhook(body, noTimestamp, options))).toBe('missing_header');
    expect(reasonOf(() => verifyCashfreeWebhook(body, {}, options))).toBe('missing_header');
  });

  it('refuses a signature or timestamp header sent twice', () => {
    const { body, headers } = delivery();
    const twice = { ...headers, 'x-webhook-signature': [headers['x-webhook-signature'] ?? '', headers['x-webhook-signature'] ?? ''] };
    expect(reasonOf(() => verifyCashfreeWebhook(body, twice, options))).toBe('malformed_header');
  });

  it('refuses a timestamp that is not milliseconds', () => {
    const { body, headers } = delivery();
    expect(reasonOf(() => verifyCashfreeWebhook(body, { ...headers, 'x-webhook-timestamp': '2026-11-21T07:00:00Z' }, options))).toBe(
      'malformed_timestamp',
    );
    expect(reasonOf(() => verifyCashfreeWebhook(body, { ...headers, 'x-webhook-timestamp': '-5' }, options))).toBe('malformed_timestamp');
  });

  it('refuses a signature made with another secret', () => {
    const { body, headers } = delivery({ secret: 'someone_else' });
    expect(reasonOf(() => verifyCashfreeWebhook(body, headers, options))).toBe('signature_mismatch');
  });

  it('refuses a signature of a different length without comparing it', () => {
    const { body, headers } = delivery();
    const longer = { ...headers, 'x-webhook-signature': `${headers['x-webhook-signature']}!!` };
    expect(reasonOf(() => verifyCashfreeWebhook(body, longer, options))).toBe('signature_mismatch');
  });

  it('refuses a body with one byte changed', () => {
    const { body, headers } = delivery();
    const tampered = Buffer.from(body);
    tampered[tampered.indexOf('170.00')] = '9'.charCodeAt(0);
    expect(reasonOf(() => verifyCashfreeWebhook(tampered, headers, options))).toBe('signature_mismatch');
  });

  it('refuses the body re-serialised by a JSON parser (170.00 becomes 170)', () => {
    const { body, headers } = delivery();
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(reserialised.toString()).toContain('"order_amount":170,');
    expect(reasonOf(() => verifyCashfreeWebhook(reserialised, headers, options))).toBe('signature_mismatch');
  });

  it('refuses a signature moved to another timestamp', () => {
    const { body, headers } = delivery();
    const moved = { ...headers, 'x-webhook-timestamp': String(NOW_MS + 1) };
    expect(reasonOf(() => verifyCashfreeWebhook(body, moved, options))).toBe('signature_mismatch');
  });

  it('refuses a timestamp older than the tolerance and accepts one just inside it', () => {
    const stale = delivery({ timestampMs: NOW_MS - 300_001 });
    expect(reasonOf(() => verifyCashfreeWebhook(stale.body, stale.headers, options))).toBe('stale_timestamp');
    const edge = delivery({ timestampMs: NOW_MS - 300_000 });
    expect(verifyCashfreeWebhook(edge.body, edge.headers, options).signedAtMs).toBe(NOW_MS - 300_000);
  });

  it('refuses a timestamp too far in the future', () => {
    const future = delivery({ timestampMs: NOW_MS + 300_001 });
    expect(reasonOf(() => verifyCashfreeWebhook(future.body, future.headers, options))).toBe('future_timestamp');
    const skewed = delivery({ timestampMs: NOW_MS + 30_000 });
    expect(verifyCashfreeWebhook(skewed.body, skewed.headers, options).signedAtMs).toBe(NOW_MS + 30_000);
  });

  it('refuses a timestamp in seconds as stale (Cashfree sends milliseconds)', () => {
    const seconds = delivery({ timestampMs: Math.floor(NOW_MS / 1000) });
    expect(reasonOf(() => verifyCashfreeWebhook(seconds.body, seconds.headers, options))).toBe('stale_timestamp');
  });

  it('refuses a correctly signed body that is not a Cashfree event', () => {
    const notJson = delivery({ body: 'not json' });
    expect(reasonOf(() => verifyCashfreeWebhook(notJson.body, notJson.headers, options))).toBe('unparsable_body');
    const notEvent = delivery({ body: '{"data":{}}' });
    expect(reasonOf(() => verifyCashfreeWebhook(notEvent.body, notEvent.headers, options))).toBe('unparsable_body');
  });

  it('accepts a delivery signed with either secret during a rotation', () => {
    const rotating = { ...options, secrets: [SECRET, OLD_SECRET] };
    const withOld = delivery({ secret: OLD_SECRET });
    expect(verifyCashfreeWebhook(withOld.body, withOld.headers, rotating).secretIndex).toBe(1);
    const withNew = delivery({ secret: SECRET });
    expect(verifyCashfreeWebhook(withNew.body, withNew.headers, rotating).secretIndex).toBe(0);
  });

  it('verifies a replayed delivery again: deduplication on cf_payment_id is the tips layer’s job', () => {
    const { body, headers } = delivery();
    const first = verifyCashfreeWebhook(body, headers, options);
    const second = verifyCashfreeWebhook(body, { ...headers, 'x-webhook-attempt': '2' }, options);
    expect(second.event).toEqual(first.event);
    expect(second.attempt).toBe(2);
  });
});
