import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeClientFor } from '../../../test/fakes/clients';
import { FakeStripe } from '../../../test/fakes/stripe-fake';
import { signStripeDelivery, stripeEvent } from '../../../test/fakes/stripe-webhooks';
import { type PaymentEvent, type PaymentRequest, ProviderError } from '../../providers/payment-provider';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import { createStripeClient } from './client';
import { StripeProvider, type StripeProviderOptions } from './stripe-provider';

const PUBLISHABLE_KEY = 'pk_test_provider_0123456789';
const SECRET = 'whsec_provider_current_0123456789';
const OLD_SECRET = 'whsec_provider_previous_9876543210';
const NOW_S = 1_800_000_000;

let fake: FakeStripe;
let provider: StripeProvider;

const providerFor = (client = stripeClientFor(fake), options: Partial<StripeProviderOptions> = {}) =>
  new StripeProvider({
    client,
    publishableKey: PUBLISHABLE_KEY,
    webhookSecrets: [SECRET],
    livemode: false,
    now: () => NOW_S * 1000,
    ...options,
  });

beforeAll(async () => {
  fake = await FakeStripe.start();
  provider = providerFor();
});
afterAll(() => fake.close());

let tipCount = 0;
function tipRequest(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  tipCount += 1;
  return {
    tipId: `tip-${tipCount}-${Date.now()}`,
    channelId: 'chan-1',
    channelSlug: 'lofi-lena',
    channelName: 'Lofi Lena',
    amount: 500,
    currency: 'USD',
    description: 'Tip to Lofi Lena on tipchat',
    returnUrl: 'https://tipchat.test/c/lofi-lena/tip/return',
    notifyUrl: 'https://tipchat.test/webhooks/stripe',
    tipper: { name: 'Ada', email: 'ada@example.com', phone: null },
    ...overrides,
  };
}

async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

/** A paid tip in the fake: what a refund or a dispute starts from. */
async function paidTip(amount = 1000): Promise<{ tipId: string; paymentId: string }> {
  const request = tipRequest({ amount });
  const { paymentId } = await provider.createPayment(request);
  fake.succeedPaymentIntent(paymentId);
  return { tipId: request.tipId, paymentId };
}

describe('StripeProvider.createPayment', () => {
  it('creates a PaymentIntent for the tip and hands the browser its client secret and our publishable key', async () => {
    const request = tipRequest({ amount: 1250, currency: 'EUR' });
    const created = await provider.createPayment(request);

    expect(created.paymentId).toMatch(/^pi_/);
    expect(created.next).toEqual({
      type: 'stripe_payment_element',
      clientSecret: fake.paymentIntent(created.paymentId).client_secret,
      publishableKey: PUBLISHABLE_KEY,
    });
    expect(fake.paymentIntent(created.paymentId)).toMatchObject({
      amount: 1250,
      currency: 'eur',
      status: 'requires_payment_method',
      automatic_payment_methods: { enabled: true },
      description: 'Tip to Lofi Lena on tipchat',
      metadata: { tip_id: request.tipId, channel_id: 'chan-1', channel_slug: 'lofi-lena' },
    });
    const [sent] = fake.requestsTo('POST', '/v1/payment_intents').slice(-1);
    expect(sent?.headers['idempotency-key']).toBe(`tip:${request.tipId}`);
    expect(new URLSearchParams(sent?.body).get('receipt_email')).toBe('ada@example.com');
  });

  it('asks for no receipt when the tipper gave no email', async () => {
    await provider.createPayment(tipRequest({ tipper: { name: 'Anon', email: null, phone: null } }));
    const [sent] = fake.requestsTo('POST', '/v1/payment_intents').slice(-1);
    expect(new URLSearchParams(sent?.body).has('receipt_email')).toBe(false);
  });

  it('returns the same PaymentIntent when the same tip is started again', async () => {
    const request = tipRequest();
    const before = fake.paymentIntentCount();
    const first = await provider.createPayment(request);
    const again = await provider.createPayment(request);
    expect(again).toEqual(first);
    expect(fake.paymentIntentCount()).toBe(before + 1);
  });

  it('reports a Stripe 5xx as a failure the viewer may retry, and the retry creates one PaymentIntent', async () => {
    const request = tipRequest();
    const before = fake.paymentIntentCount();
    fake.failWith(500, { path: '/v1/payment_intents' });
    const err = await providerErrorOf(provider.createPayment(request));
    expect(err).toMatchObject({ provider: 'stripe', refused: false, providerCode: 'api_error' });
    expect(err.message).toMatch(/^Stripe failed to create the payment \(HTTP 500\)/);
    expect(fake.paymentIntentCount()).toBe(before);

    await provider.createPayment(request);
    expect(fake.paymentIntentCount()).toBe(before + 1);
  });

  it('reports a request Stripe refuses (400) as refused, with Stripe’s code', async () => {
    const err = await providerErrorOf(provider.createPayment(tipRequest({ amount: 0 })));
    expect(err).toMatchObject({ provider: 'stripe', refused: true, providerCode: 'amount_too_small' });
    expect(err.message).toContain('Amount must be at least 1');
  });

  it('refuses the same tip id with another amount instead of charging a different amount', async () => {
    const request = tipRequest({ amount: 500 });
    await provider.createPayment(request);
    const err = await providerErrorOf(provider.createPayment({ ...request, amount: 900 }));
    expect(err).toMatchObject({ refused: true, providerCode: 'idempotency_error' });
  });

  it('reports a wrong API key as refused without putting any key in the message', async () => {
    const wrongKey = 'sk_test_not_the_fakes_key_0123456789';
    const client = createStripeClient({ secretKey: wrongKey, apiUrl: `http://127.0.0.1:${fake.port}`, maxNetworkRetries: 0 });
    const err = await providerErrorOf(providerFor(client).createPayment(tipRequest()));
    expect(err).toMatchObject({ refused: true });
    expect(err.message).toContain('HTTP 401');
    expect(err.message).not.toContain(wrongKey);
    expect(err.message).not.toContain(fake.apiKey);
    expect(err.cause).toBeUndefined();
  });

  it('reports a Stripe that never answers as a timeout the viewer may retry', async () => {
    const impatient = providerFor(stripeClientFor(fake, { timeoutMs: 200 }));
    fake.hang({ processed: false, path: '/v1/payment_intents' });
    const err = await providerErrorOf(impatient.createPayment(tipRequest()));
    expect(err).toMatchObject({ provider: 'stripe', refused: false, providerCode: null });
    expect(err.message).toMatch(/timeout being reached \(200ms\)/);
  });

  it('reports a Stripe that cannot be reached as a connection failure', async () => {
    const port = await closedPort();
    const client = createStripeClient({ secretKey: fake.apiKey, apiUrl: `http://127.0.0.1:${port}`, maxNetworkRetries: 0 });
    const err = await providerErrorOf(providerFor(client).createPayment(tipRequest()));
    expect(err).toMatchObject({ refused: false, providerCode: null });
    expect(err.message).toContain('ECONNREFUSED');
  });
});

describe('StripeProvider.refund', () => {
  it('refunds the PaymentIntent with our refund id as the idempotency key, once however often it is asked', async () => {
    const { tipId, paymentId } = await paidTip(1000);
    const request = { tipId, paymentId, refundId: 'rf-1', amount: 400, currency: 'USD' as const, reason: 'streamer refunded' };
    await provider.refund(request);
    await provider.refund(request);

    const sent = fake.requestsTo('POST', '/v1/refunds').slice(-2);
    expect(sent.map((r) => r.headers['idempotency-key'])).toEqual(['refund:rf-1', 'refund:rf-1']);
    const body = new URLSearchParams(sent[0]?.body);
    expect(Object.fromEntries(body)).toEqual({
      payment_intent: paymentId,
      amount: '400',
      reason: 'requested_by_customer',
      'metadata[tip_id]': tipId,
      'metadata[refund_id]': 'rf-1',
    });
    const chargeId = String(fake.paymentIntent(paymentId).latest_charge);
    expect(fake.charge(chargeId)).toMatchObject({ amount_refunded: 400 });
  });

  it('reports a refund Stripe refuses as refused, and a Stripe outage as a failure', async () => {
    const { tipId, paymentId } = await paidTip(300);
    const tooMuch = await providerErrorOf(
      provider.refund({ tipId, paymentId, refundId: 'rf-2', amount: 301, currency: 'USD', reason: 'too much' }),
    );
    expect(tooMuch).toMatchObject({ refused: true, providerCode: 'amount_too_large' });
    expect(tooMuch.message).toMatch(/^Stripe refused to refund the payment \(HTTP 400\)/);

    fake.failWith(503, { path: '/v1/refunds' });
    const outage = await providerErrorOf(
      provider.refund({ tipId, paymentId, refundId: 'rf-3', amount: 100, currency: 'USD', reason: 'x' }),
    );
    expect(outage).toMatchObject({ refused: false });
    expect(fake.charge(String(fake.paymentIntent(paymentId).latest_charge))).toMatchObject({ amount_refunded: 0 });
  });
});

describe('StripeProvider.parseWebhook', () => {
  function deliver(type: string, object: Record<string, unknown>, options: { id?: string } = {}): PaymentEvent[] {
    const { body, headers } = signStripeDelivery(stripeEvent(type, object, options), { secrets: [SECRET], timestampSeconds: NOW_S });
    return provider.parseWebhook(body, headers);
  }

  it('turns payment_intent.succeeded into payment_succeeded with the amount received', async () => {
    const { paymentId } = await paidTip(1250);
    expect(deliver('payment_intent.succeeded', fake.paymentIntent(paymentId), { id: 'evt_paid' })).toEqual([
      {
        kind: 'payment_succeeded',
        eventId: 'evt_paid',
        paymentId,
        providerType: 'payment_intent.succeeded',
        amount: 1250,
        currency: 'USD',
      },
    ]);
  });

  it('falls back to the amount when the payload has no amount_received', () => {
    const [event] = deliver('payment_intent.succeeded', { id: 'pi_old', object: 'payment_intent', amount: 700, currency: 'inr' });
    expect(event).toMatchObject({ kind: 'payment_succeeded', amount: 700, currency: 'INR' });
  });

  it('reads the tip and channel tipchat set on the PaymentIntent as the payment’s claim, and nothing else as one', async () => {
    const claim = { tip_id: '0b9c1f3e-5d2a-4c7b-9e8f-1a2b3c4d5e6f', channel_id: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2f1e' };
    const intent = { id: 'pi_claim', object: 'payment_intent', amount: 700, currency: 'usd' };
    expect(deliver('payment_intent.succeeded', { ...intent, metadata: { ...claim, channel_slug: 'lofi-lena' } })[0]).toMatchObject({
      claimedTip: { tipId: claim.tip_id, channelId: claim.channel_id },
    });
    expect(deliver('payment_intent.payment_failed', { ...intent, metadata: claim })[0]).toMatchObject({
      kind: 'payment_failed',
      claimedTip: { tipId: claim.tip_id, channelId: claim.channel_id },
    });
    // Another shop's metadata, half of ours, or ids that are not ours in shape: no claim, and the event is still read.
    for (const metadata of [{ order: '42' }, { tip_id: claim.tip_id }, { ...claim, channel_id: 'chan-1' }, null]) {
      const [event] = deliver('payment_intent.succeeded', { ...intent, metadata });
      expect(event).toMatchObject({ kind: 'payment_succeeded', amount: 700 });
      expect(event).not.toHaveProperty('claimedTip');
    }
  });

  it('turns payment_intent.payment_failed into payment_failed with Stripe’s reason', async () => {
    const { paymentId } = await provider.createPayment(tipRequest());
    expect(deliver('payment_intent.payment_failed', fake.declinePaymentIntent(paymentId), { id: 'evt_failed' })).toEqual([
      {
        kind: 'payment_failed',
        eventId: 'evt_failed',
        paymentId,
        providerType: 'payment_intent.payment_failed',
        reason: 'Your card was declined. (card_declined/generic_decline)',
      },
    ]);
  });

  it('turns refund.created, refund.updated and refund.failed into refund events keyed by the refund id', async () => {
    const { tipId, paymentId } = await paidTip(1000);
    await provider.refund({ tipId, paymentId, refundId: 'rf-w', amount: 600, currency: 'USD', reason: 'asked' });
    const [created] = fake.refundsOf(paymentId);
    if (!created) throw new Error('the refund was not created');
    const refundId = String(created.id);

    expect(deliver('refund.created', created, { id: 'evt_rc' })).toEqual([
      {
        kind: 'refund',
        eventId: 'evt_rc',
        paymentId,
        providerType: 'refund.created',
        refundId,
        amount: 600,
        currency: 'USD',
        status: 'succeeded',
      },
    ]);
    expect(deliver('refund.updated', { ...created, status: 'pending' })).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(deliver('refund.updated', { ...created, status: 'requires_action' })).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(deliver('refund.updated', { ...created, status: 'canceled' })).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(deliver('refund.failed', fake.failRefund(refundId), { id: 'evt_rf' })).toEqual([
      {
        kind: 'refund',
        eventId: 'evt_rf',
        paymentId,
        providerType: 'refund.failed',
        refundId,
        amount: 600,
        currency: 'USD',
        status: 'failed',
      },
    ]);
  });

  it('ignores charge.refunded, whose cumulative amount would count the refund.* events twice', async () => {
    const { tipId, paymentId } = await paidTip(1000);
    await provider.refund({ tipId, paymentId, refundId: 'rf-c', amount: 1000, currency: 'USD', reason: 'asked' });
    const charge = fake.charge(String(fake.paymentIntent(paymentId).latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 1000 });
    expect(deliver('charge.refunded', charge, { id: 'evt_cr' })).toEqual([
      { kind: 'ignored', eventId: 'evt_cr', paymentId, providerType: 'charge.refunded' },
    ]);
  });

  it('turns charge.dispute.created into dispute_opened and charge.dispute.closed into dispute_closed with the fee when lost', async () => {
    const { paymentId } = await paidTip(800);
    const opened = fake.openDispute(paymentId, 'fraudulent', 1500);
    const disputeId = String(opened.id);
    expect(deliver('charge.dispute.created', opened, { id: 'evt_dc' })).toEqual([
      {
        kind: 'dispute_opened',
        eventId: 'evt_dc',
        paymentId,
        providerType: 'charge.dispute.created',
        disputeId,
        amount: 800,
        currency: 'USD',
      },
    ]);
    expect(deliver('charge.dispute.closed', fake.closeDispute(disputeId, 'lost'), { id: 'evt_dl' })).toEqual([
      {
        kind: 'dispute_closed',
        eventId: 'evt_dl',
        paymentId,
        providerType: 'charge.dispute.closed',
        disputeId,
        outcome: 'lost',
        fee: 1500,
      },
    ]);
  });

  it('closes a won dispute with no fee', async () => {
    const { paymentId } = await paidTip(800);
    const opened = fake.openDispute(paymentId);
    const [event] = deliver('charge.dispute.closed', fake.closeDispute(String(opened.id), 'won'));
    expect(event).toMatchObject({ kind: 'dispute_closed', disputeId: opened.id, paymentId, outcome: 'won', fee: 0 });
  });

  it('counts a lost dispute without balance transactions as fee 0', async () => {
    const { paymentId } = await paidTip(800);
    const { balance_transactions: _, ...opened } = fake.openDispute(paymentId);
    const [event] = deliver('charge.dispute.closed', { ...opened, status: 'lost' });
    expect(event).toMatchObject({ kind: 'dispute_closed', outcome: 'lost', fee: 0 });
  });

  it('records inquiries (warning_* statuses) without moving money: no chargeback opened or closed', async () => {
    const { paymentId } = await paidTip(800);
    const opened = fake.openDispute(paymentId);
    for (const [type, status] of [
      ['charge.dispute.created', 'warning_needs_response'],
      ['charge.dispute.created', 'warning_under_review'],
      ['charge.dispute.closed', 'warning_closed'],
    ] as const) {
      const [event] = deliver(type, { ...opened, status });
      expect(event).toMatchObject({ kind: 'ignored', paymentId, providerType: type });
    }
  });

  it('records every other event as ignored, with the payment it is about when there is one', async () => {
    const { paymentId } = await paidTip(800);
    const dispute = fake.openDispute(paymentId);
    const charge = fake.charge(String(fake.paymentIntent(paymentId).latest_charge));
    for (const [type, object] of [
      ['charge.dispute.updated', dispute],
      ['charge.dispute.funds_withdrawn', dispute],
      ['charge.dispute.funds_reinstated', dispute],
      ['charge.succeeded', charge],
      ['payment_intent.created', fake.paymentIntent(paymentId)],
    ] as const) {
      expect(deliver(type, object, { id: `evt_${type}` })).toEqual([
        { kind: 'ignored', eventId: `evt_${type}`, paymentId, providerType: type },
      ]);
    }
    expect(deliver('payout.paid', { id: 'po_1', object: 'payout' })).toEqual([
      expect.objectContaining({ kind: 'ignored', paymentId: 'po_1' }),
    ]);
    expect(deliver('account.updated', { object: 'account', payment_intent: 42 })).toEqual([
      expect.objectContaining({ kind: 'ignored', paymentId: '' }),
    ]);
  });

  it('accepts a delivery signed with the previous secret during a rotation', () => {
    const rotating = providerFor(stripeClientFor(fake), { webhookSecrets: [SECRET, OLD_SECRET] });
    const event = stripeEvent('payment_intent.succeeded', { id: 'pi_rot', amount: 100, currency: 'usd' });
    const { body, headers } = signStripeDelivery(event, { secrets: [OLD_SECRET], timestampSeconds: NOW_S });
    expect(rotating.parseWebhook(body, headers)).toEqual([expect.objectContaining({ kind: 'payment_succeeded', paymentId: 'pi_rot' })]);
  });

  describe('refuses', () => {
    const event = stripeEvent('payment_intent.succeeded', { id: 'pi_x', object: 'payment_intent', amount: 500, currency: 'usd' });

    function reasonOf(body: Buffer, headers: Record<string, string>): string {
      try {
        provider.parseWebhook(body, headers);
      } catch (err) {
        if (err instanceof WebhookVerificationError) {
          expect(err.provider).toBe('stripe');
          return err.reason;
        }
        throw err;
      }
      throw new Error('expected the delivery to be refused');
    }

    it('a delivery without a signature header', () => {
      const { body, headers } = signStripeDelivery(event, { secrets: [SECRET], timestampSeconds: NOW_S });
      const { 'stripe-signature': _, ...unsigned } = headers;
      expect(reasonOf(body, unsigned)).toBe('missing_header');
    });

    it('a delivery signed with another secret', () => {
      const { body, headers } = signStripeDelivery(event, { secrets: ['whsec_forged'], timestampSeconds: NOW_S });
      expect(reasonOf(body, headers)).toBe('signature_mismatch');
    });

    it('a delivery signed too long ago', () => {
      const { body, headers } = signStripeDelivery(event, { secrets: [SECRET], timestampSeconds: NOW_S - 301 });
      expect(reasonOf(body, headers)).toBe('stale_timestamp');
    });

    it('a delivery whose body was changed after signing', () => {
      const { body, headers } = signStripeDelivery(event, { secrets: [SECRET], timestampSeconds: NOW_S });
      const tampered = Buffer.from(body.toString('utf8').replace('"amount": 500', '"amount": 50000'));
      expect(tampered.equals(body)).toBe(false);
      expect(reasonOf(tampered, headers)).toBe('signature_mismatch');
    });

    it('a genuine event whose object lacks the fields its kind needs, naming them', () => {
      const cases: [string, Record<string, unknown>, RegExp][] = [
        ['payment_intent.succeeded', { id: 'pi_1', currency: 'usd' }, /amount/],
        ['payment_intent.succeeded', { id: 'pi_1', amount: 5.5, currency: 'usd' }, /amount/],
        ['payment_intent.payment_failed', { object: 'payment_intent' }, /\bid\b/],
        ['refund.created', { id: 're_1', amount: 100, currency: 'usd', status: 'succeeded', payment_intent: null }, /payment_intent/],
        ['refund.updated', { id: 're_1', amount: 100, currency: 'usd', status: 'reversed', payment_intent: 'pi_1' }, /status/],
        [
          'charge.dispute.created',
          { id: 'dp_1', amount: 100, currency: 'dollars', payment_intent: 'pi_1', status: 'needs_response' },
          /currency/,
        ],
        ['charge.dispute.closed', { id: 'dp_1', amount: 100, currency: 'usd', status: 'lost' }, /payment_intent/],
      ];
      for (const [type, object, field] of cases) {
        const { body, headers } = signStripeDelivery(stripeEvent(type, object, { id: 'evt_bad' }), {
          secrets: [SECRET],
          timestampSeconds: NOW_S,
        });
        let caught: unknown;
        try {
          provider.parseWebhook(body, headers);
        } catch (err) {
          caught = err;
        }
        expect(caught, type).toBeInstanceOf(WebhookVerificationError);
        expect(caught, type).toMatchObject({ provider: 'stripe', reason: 'unparsable_body' });
        expect((caught as Error).message, type).toMatch(field);
        expect((caught as Error).message, type).toContain(`${type} event evt_bad`);
      }
    });
  });
});

it('StripeProvider needs a webhook secret', () => {
  expect(() => providerFor(stripeClientFor(fake), { webhookSecrets: [''] })).toThrow(/webhook secret/);
});

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
