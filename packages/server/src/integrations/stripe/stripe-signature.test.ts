import { describe, expect, it } from 'vitest';
import { signStripeDelivery, stripeEvent } from '../../../test/fakes/stripe-webhooks';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import { type StripeWebhookOptions, verifyStripeWebhook } from './stripe-signature';

const SECRET = 'whsec_current_0123456789abcdef';
const OLD_SECRET = 'whsec_previous_fedcba9876543210';
const NOW_S = 1_800_000_000;
const options: StripeWebhookOptions = { secrets: [SECRET], now: () => NOW_S * 1000 };

const event = stripeEvent('payment_intent.succeeded', { id: 'pi_123', object: 'payment_intent', amount: 500 }, { id: 'evt_1' });
const delivery = (overrides: { secrets?: string[]; timestampSeconds?: number; body?: string } = {}) =>
  signStripeDelivery(event, { secrets: [SECRET], timestampSeconds: NOW_S, ...overrides });

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof WebhookVerificationError) {
      expect(err.provider).toBe('stripe');
      return err.reason;
    }
    throw err;
  }
  throw new Error('expected the delivery to be refused');
}

describe('Stripe webhook verification', () => {
  it('accepts a valid delivery and returns the parsed event', () => {
    const { body, headers } = delivery();
    const verified = verifyStripeWebhook(body, headers['stripe-signature'], options);
    expect(verified.event.id).toBe('evt_1');
    expect(verified.event.type).toBe('payment_intent.succeeded');
    expect(verified.event.data.object).toMatchObject({ id: 'pi_123', amount: 500 });
    expect(verified.signedAt).toBe(NOW_S);
    expect(verified.secretIndex).toBe(0);
  });

  it('refuses a delivery without a Stripe-Signature header', () => {
    const { body } = delivery();
    expect(reasonOf(() => verifyStripeWebhook(body, undefined, options))).toBe('missing_header');
    expect(reasonOf(() => verifyStripeWebhook(body, '', options))).toBe('missing_header');
  });

  it('refuses a malformed header', () => {
    const { body, headers } = delivery();
    const v1 = headers['stripe-signature']?.split(',')[1] ?? '';
    expect(reasonOf(() => verifyStripeWebhook(body, 'garbage', options))).toBe('malformed_header');
    expect(reasonOf(() => verifyStripeWebhook(body, v1, options))).toBe('malformed_header');
    expect(reasonOf(() => verifyStripeWebhook(body, `t=soon,${v1}`, options))).toBe('malformed_header');
    expect(reasonOf(() => verifyStripeWebhook(body, `t=${NOW_S},t=${NOW_S},${v1}`, options))).toBe('malformed_header');
    expect(reasonOf(() => verifyStripeWebhook(body, [headers['stripe-signature'] ?? ''], options))).toBe('malformed_header');
  });

  it('refuses a header without a v1 signature', () => {
    const { body } = delivery();
    expect(reasonOf(() => verifyStripeWebhook(body, `t=${NOW_S},v0=abc`, options))).toBe('no_v1_signature');
  });

  it('refuses a signature made with another secret', () => {
    const { body, headers } = delivery({ secrets: ['whsec_attacker'] });
    expect(reasonOf(() => verifyStripeWebhook(body, headers['stripe-signature'], options))).toBe('signature_mismatch');
  });

  it('refuses a body with one byte changed', () => {
    const { body, headers } = delivery();
    const tampered = Buffer.from(body);
    const at = tampered.indexOf('500');
    tampered[at] = '9'.charCodeAt(0);
    expect(reasonOf(() => verifyStripeWebhook(tampered, headers['stripe-signature'], options))).toBe('signature_mismatch');
  });

  it('refuses the same event re-serialised (verification needs the raw bytes)', () => {
    const { body, headers } = delivery();
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(reasonOf(() => verifyStripeWebhook(reserialised, headers['stripe-signature'], options))).toBe('signature_mismatch');
  });

  it('refuses a timestamp older than the tolerance and accepts one just inside it', () => {
    const stale = delivery({ timestampSeconds: NOW_S - 301 });
    expect(reasonOf(() => verifyStripeWebhook(stale.body, stale.headers['stripe-signature'], options))).toBe('stale_timestamp');
    const edge = delivery({ timestampSeconds: NOW_S - 300 });
    expect(verifyStripeWebhook(edge.body, edge.headers['stripe-signature'], options).event.id).toBe('evt_1');
  });

  it('refuses a timestamp too far in the future, which the stripe library alone accepts', () => {
    const future = delivery({ timestampSeconds: NOW_S + 301 });
    expect(reasonOf(() => verifyStripeWebhook(future.body, future.headers['stripe-signature'], options))).toBe('future_timestamp');
    const skewed = delivery({ timestampSeconds: NOW_S + 60 });
    expect(verifyStripeWebhook(skewed.body, skewed.headers['stripe-signature'], options).signedAt).toBe(NOW_S + 60);
  });

  it('checks the signature before the age, so a forged stale delivery reads as forged', () => {
    const forged = signStripeDelivery(event, { secrets: ['whsec_attacker'], timestampSeconds: NOW_S - 10_000 });
    expect(reasonOf(() => verifyStripeWebhook(forged.body, forged.headers['stripe-signature'], options))).toBe('signature_mismatch');
  });

  it('refuses a correctly signed body that is not a Stripe event', () => {
    const notJson = delivery({ body: 'not json' });
    expect(reasonOf(() => verifyStripeWebhook(notJson.body, notJson.headers['stripe-signature'], options))).toBe('unparsable_body');
    const notEvent = delivery({ body: '{"id":"x"}' });
    expect(reasonOf(() => verifyStripeWebhook(notEvent.body, notEvent.headers['stripe-signature'], options))).toBe('unparsable_body');
    const notUtf8 = Buffer.from([0x7b, 0xff, 0x7d]);
    expect(reasonOf(() => verifyStripeWebhook(notUtf8, delivery().headers['stripe-signature'], options))).toBe('unparsable_body');
  });

  it('accepts a delivery signed with either secret during a rotation', () => {
    const rotating = { ...options, secrets: [SECRET, OLD_SECRET] };
    const withOld = delivery({ secrets: [OLD_SECRET] });
    expect(verifyStripeWebhook(withOld.body, withOld.headers['stripe-signature'], rotating).secretIndex).toBe(1);
    const withNew = delivery({ secrets: [SECRET] });
    expect(verifyStripeWebhook(withNew.body, withNew.headers['stripe-signature'], rotating).secretIndex).toBe(0);
    // Stripe signs with both secrets while the old one is still valid: two v1 entries in one header.
    const withBoth = delivery({ secrets: [OLD_SECRET, SECRET] });
    expect(withBoth.headers['stripe-signature']?.match(/v1=/g)).toHaveLength(2);
    expect(verifyStripeWebhook(withBoth.body, withBoth.headers['stripe-signature'], options).event.id).toBe('evt_1');
  });

  it('verifies a replayed delivery again: deduplication on event.id is the tips layer’s job', () => {
    const { body, headers } = delivery();
    const first = verifyStripeWebhook(body, headers['stripe-signature'], options);
    const second = verifyStripeWebhook(body, headers['stripe-signature'], options);
    expect(second.event.id).toBe(first.event.id);
  });

  it('refuses to run without a secret', () => {
    const { body, headers } = delivery();
    expect(() => verifyStripeWebhook(body, headers['stripe-signature'], { secrets: [' '] })).toThrow(/at least one/);
  });
});
