import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStripeWebhook } from '../../src/integrations/stripe/stripe-signature';
import { stripeClientFor } from './clients';
import { FakeStripe } from './stripe-fake';
import { signStripeDelivery, stripeEvent } from './stripe-webhooks';

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await FakeStripe.start();
  stripe = stripeClientFor(fake);
});
afterAll(() => fake.close());

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const tipIntent = (tipId: string, amount = 500) => ({
  amount,
  currency: 'usd',
  automatic_payment_methods: { enabled: true },
  metadata: { tip_id: tipId },
});

describe('fake Stripe driven by the real stripe client', () => {
  it('creates a PaymentIntent from a form-encoded request and retrieves it', async () => {
    const created = await stripe.paymentIntents.create(tipIntent('tip_a'), { idempotencyKey: 'tip:a' });
    expect(created).toMatchObject({
      object: 'payment_intent',
      amount: 500,
      currency: 'usd',
      status: 'requires_payment_method',
      metadata: { tip_id: 'tip_a' },
      automatic_payment_methods: { enabled: true },
    });
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_`));

    const [request] = fake.requestsTo('POST', '/v1/payment_intents').slice(-1);
    expect(request?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(request?.headers['idempotency-key']).toBe('tip:a');
    expect(request?.headers['stripe-version']).toBe(Stripe.API_VERSION);
    expect(new URLSearchParams(request?.body).get('metadata[tip_id]')).toBe('tip_a');

    const fetched = await stripe.paymentIntents.retrieve(created.id);
    expect(fetched).toEqual(created);
  });

  it('replays the same PaymentIntent for the same idempotency key and parameters', async () => {
    const before = fake.paymentIntentCount();
    const first = await stripe.paymentIntents.create(tipIntent('tip_b'), { idempotencyKey: 'tip:b' });
    const again = await stripe.paymentIntents.create(tipIntent('tip_b'), { idempotencyKey: 'tip:b' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(fake.paymentIntentCount()).toBe(before + 1);
  });

  it('refuses the same idempotency key with other parameters with an idempotency_error', async () => {
    await stripe.paymentIntents.create(tipIntent('tip_c', 500), { idempotencyKey: 'tip:c' });
    const err = await caught(stripe.paymentIntents.create(tipIntent('tip_c', 900), { idempotencyKey: 'tip:c' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err).toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
  });

  it('answers an unknown PaymentIntent with resource_missing', async () => {
    const err = await caught(stripe.paymentIntents.retrieve('pi_nope'));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'intent' });
  });

  it('refuses a missing amount and an unknown parameter like Stripe does', async () => {
    const noAmount = await caught(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams));
    expect(noAmount).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'amount' });
    const unknownParam = await caught(
      stripe.paymentIntents.create({ ...tipIntent('tip_d'), colour: 'red' } as Stripe.PaymentIntentCreateParams),
    );
    expect(unknownParam).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
  });

  it('refunds a succeeded payment partly, then the rest, then refuses more', async () => {
    const intent = await stripe.paymentIntents.create(tipIntent('tip_e', 1000));
    const unpaid = await caught(stripe.refunds.create({ payment_intent: intent.id }));
    expect(unpaid).toMatchObject({ statusCode: 400, param: 'payment_intent' });

    fake.succeedPaymentIntent(intent.id);
    const paid = await stripe.paymentIntents.retrieve(intent.id);
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 1000 });
    expect(paid.latest_charge).toMatch(/^ch_/);

    const partial = await stripe.refunds.create(
      { payment_intent: intent.id, amount: 300, reason: 'requested_by_customer' },
      { idempotencyKey: 'refund:e1' },
    );
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 300,
      status: 'succeeded',
      payment_intent: intent.id,
      charge: paid.latest_charge,
    });
    const tooMuch = await caught(stripe.refunds.create({ payment_intent: intent.id, amount: 800 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large' });
    const rest = await stripe.refunds.create({ payment_intent: intent.id });
    expect(rest.amount).toBe(700);
    expect(fake.charge(String(paid.latest_charge))).toMatchObject({ amount_refunded: 1000, refunded: true });
    const done = await caught(stripe.refunds.create({ payment_intent: intent.id }));
    expect(done).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
    expect(await stripe.refunds.retrieve(partial.id)).toEqual(partial);
  });

  it('opens and closes a dispute on a paid charge, giving the objects its webhook events carry', async () => {
    const intent = await stripe.paymentIntents.create(tipIntent('tip_i', 800));
    const { latest_charge: chargeId } = fake.succeedPaymentIntent(intent.id);
    const opened = fake.openDispute(intent.id);
    expect(opened).toMatchObject({ object: 'dispute', amount: 800, charge: chargeId, payment_intent: intent.id, status: 'needs_response' });
    expect(fake.charge(String(chargeId))).toMatchObject({ disputed: true });
    expect(fake.closeDispute(String(opened.id), 'lost')).toMatchObject({ id: opened.id, status: 'lost' });
  });

  it('lists the withdrawal and the dispute fee on the dispute, and gives both back when the dispute is won', async () => {
    const intent = await stripe.paymentIntents.create(tipIntent('tip_j', 800));
    fake.succeedPaymentIntent(intent.id);
    const opened = fake.openDispute(intent.id, 'fraudulent', 1500);
    expect(opened.balance_transactions).toEqual([
      expect.objectContaining({ object: 'balance_transaction', amount: -800, fee: 1500, net: -2300, currency: 'usd' }),
    ]);
    const won = fake.closeDispute(String(opened.id), 'won');
    expect(won.balance_transactions).toEqual([
      expect.objectContaining({ amount: -800, fee: 1500 }),
      expect.objectContaining({ amount: 800, fee: -1500, net: 2300 }),
    ]);
    expect(() => fake.closeDispute(String(opened.id), 'lost')).toThrow(/already closed/);
  });

  it('fails a refund on demand: the refund object turns failed and the charge can be refunded again', async () => {
    const intent = await stripe.paymentIntents.create(tipIntent('tip_k', 600));
    const { latest_charge: chargeId } = fake.succeedPaymentIntent(intent.id);
    const refund = await stripe.refunds.create({ payment_intent: intent.id }, { idempotencyKey: 'refund:k1' });
    expect(fake.refund(refund.id)).toMatchObject({ id: refund.id, status: 'succeeded', payment_intent: intent.id });
    expect(fake.refund(refund.id)).not.toHaveProperty('failure_reason');
    expect(fake.refundsOf(intent.id)).toEqual([fake.refund(refund.id)]);

    expect(fake.failRefund(refund.id)).toMatchObject({
      id: refund.id,
      status: 'failed',
      failure_reason: 'lost_or_stolen_card',
      amount: 600,
    });
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({ status: 'failed' });
    expect(fake.charge(String(chargeId))).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(() => fake.failRefund(refund.id)).toThrow(/already failed/);
    const again = await stripe.refunds.create({ payment_intent: intent.id }, { idempotencyKey: 'refund:k2' });
    expect(again).toMatchObject({ amount: 600, status: 'succeeded' });
  });

  it('replays a refund for the same idempotency key instead of refunding twice', async () => {
    const intent = await stripe.paymentIntents.create(tipIntent('tip_l', 900));
    fake.succeedPaymentIntent(intent.id);
    const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 400 }, { idempotencyKey: 'refund:l1' });
    const again = await stripe.refunds.create({ payment_intent: intent.id, amount: 400 }, { idempotencyKey: 'refund:l1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(fake.charge(String(first.charge))).toMatchObject({ amount_refunded: 400 });
  });

  it('fails on demand with a 5xx that the client reports as an API error, then works again', async () => {
    fake.failWith(500, { path: '/v1/payment_intents' });
    const err = await caught(stripe.paymentIntents.create(tipIntent('tip_f'), { idempotencyKey: 'tip:f' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err).toMatchObject({ statusCode: 500 });
    const retried = await stripe.paymentIntents.create(tipIntent('tip_f'), { idempotencyKey: 'tip:f' });
    expect(retried.status).toBe('requires_payment_method');
  });

  it('loses a response after creating the PaymentIntent; a retry with the same key returns that same intent', async () => {
    const impatient = stripeClientFor(fake, { timeoutMs: 200 });
    const before = fake.paymentIntentCount();
    fake.hang({ processed: true, path: '/v1/payment_intents' });
    const err = await caught(impatient.paymentIntents.create(tipIntent('tip_g'), { idempotencyKey: 'tip:g' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(fake.paymentIntentCount()).toBe(before + 1);

    const retried = await stripe.paymentIntents.create(tipIntent('tip_g'), { idempotencyKey: 'tip:g' });
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(fake.paymentIntentCount()).toBe(before + 1);
  });

  it('builds a signed payment_intent.succeeded delivery that our verifier accepts', async () => {
    const intent = await stripe.paymentIntents.create(tipIntent('tip_h'));
    const event = stripeEvent('payment_intent.succeeded', fake.succeedPaymentIntent(intent.id));
    const delivery = signStripeDelivery(event, { secrets: ['whsec_test'] });
    const verified = verifyStripeWebhook(delivery.body, delivery.headers['stripe-signature'], { secrets: ['whsec_test'] });
    expect(verified.event.data.object).toMatchObject({ id: intent.id, status: 'succeeded', metadata: { tip_id: 'tip_h' } });
    // The library's own verifier agrees with the builder.
    expect(stripe.webhooks.constructEvent(delivery.body, delivery.headers['stripe-signature'] ?? '', 'whsec_test').id).toBe(event.id);
  });
});
