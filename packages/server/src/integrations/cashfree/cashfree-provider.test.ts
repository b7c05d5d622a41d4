import { createHash, randomUUID } from 'node:crypto';
import type { Cashfree } from 'cashfree-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCashfree } from '../../../test/fakes/cashfree-fake';
import { cashfreeEvent, rupees, signCashfreeDelivery } from '../../../test/fakes/cashfree-webhooks';
import { cashfreeClientFor } from '../../../test/fakes/clients';
import { type PaymentRequest, ProviderError, type RefundRequest } from '../../providers/payment-provider';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import { CashfreeProvider } from './cashfree-provider';
import { PLACEHOLDER_CUSTOMER_PHONE } from './order-request';
import { createCashfreeClient } from './pg-client';

let fake: FakeCashfree;
let client: Cashfree;
let provider: CashfreeProvider;

beforeAll(async () => {
  fake = await FakeCashfree.start();
  client = cashfreeClientFor(fake);
  provider = new CashfreeProvider({ client, environment: 'sandbox', webhookSecrets: [fake.clientSecret] });
});
afterAll(() => fake.close());

function tipRequest(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    tipId: randomUUID(),
    channelId: randomUUID(),
    channelSlug: 'asha',
    channelName: 'Asha plays',
    amount: 17010,
    currency: 'INR',
    description: 'Tip for Asha plays',
    returnUrl: 'https://tipchat.example/c/asha/tips/return',
    notifyUrl: 'https://tipchat.example/webhooks/cashfree',
    tipper: { name: 'Ravi', email: 'ravi@example.com', phone: null },
    ...overrides,
  };
}

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a ProviderError');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  const error = err as ProviderError;
  expect(error.provider).toBe('cashfree');
  // Neither the message nor anything the error carries may hold the client secret.
  expect(error.message).not.toContain(fake.clientSecret);
  expect(String(error.cause ?? '')).not.toContain(fake.clientSecret);
  return error;
}

const lastRequest = (method: string, path: string) => fake.requestsTo(method, path).at(-1);

describe('CashfreeProvider.createPayment', () => {
  it('creates one order per tip in decimal rupees and returns its payment session for the checkout', async () => {
    const request = tipRequest();
    const created = await provider.createPayment(request);

    const orderId = `tip_${request.tipId}`;
    expect(orderId.length).toBeLessThanOrEqual(45);
    const { data: order } = await client.PGFetchOrder(orderId);
    expect(created).toEqual({
      paymentId: orderId,
      next: { type: 'cashfree_checkout', paymentSessionId: order.payment_session_id, mode: 'sandbox' },
    });

    const sent = lastRequest('POST', '/pg/orders');
    expect(sent?.headers['x-idempotency-key']).toBe(`tip:${request.tipId}`);
    expect(sent?.body).toContain('"order_amount":170.1,');
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({
      order_id: orderId,
      order_amount: 170.1,
      order_currency: 'INR',
      customer_details: {
        customer_id: `tip${request.tipId.replaceAll('-', '')}`,
        customer_phone: PLACEHOLDER_CUSTOMER_PHONE,
        customer_name: 'Ravi',
        customer_email: 'ravi@example.com',
      },
      order_meta: { return_url: request.returnUrl, notify_url: request.notifyUrl },
      order_note: 'Tip for Asha plays',
      order_tags: { tip_id: request.tipId, channel_id: request.channelId },
    });
    expect(order).toMatchObject({ order_amount: 170.1, order_status: 'ACTIVE' });
  });

  it('sends the tipper’s phone when given, and leaves out a name too short for Cashfree and a missing email', async () => {
    await provider.createPayment(tipRequest({ tipper: { name: 'Al', email: null, phone: '9876543210' } }));
    const { customer_details } = JSON.parse(lastRequest('POST', '/pg/orders')?.body ?? '{}') as { customer_details: object };
    expect(customer_details).toEqual({ customer_id: expect.stringMatching(/^tip[0-9a-f]{32}$/), customer_phone: '9876543210' });
  });

  it('uses a client with error analytics off and refuses one with them on or for the other environment', () => {
    expect(client.XEnableErrorAnalytics).toBe(false);
    const noisy = cashfreeClientFor(fake);
    // Set after construction, so the SDK never initialises Sentry in this test.
    noisy.XEnableErrorAnalytics = true;
    expect(() => new CashfreeProvider({ client: noisy, environment: 'sandbox', webhookSecrets: ['s'] })).toThrow(/error analytics off/);
    expect(() => new CashfreeProvider({ client, environment: 'production', webhookSecrets: ['s'] })).toThrow(/client is for sandbox/);
    expect(() => new CashfreeProvider({ client, environment: 'sandbox', webhookSecrets: [' '] })).toThrow(/webhook secret/);
  });

  it('returns the same session when a tip is retried after its order was created', async () => {
    const request = tipRequest();
    const first = await provider.createPayment(request);
    const before = fake.orderCount();
    expect(await provider.createPayment(request)).toEqual(first);
    expect(fake.orderCount()).toBe(before);
    expect(fake.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /pg/orders', `GET /pg/orders/tip_${request.tipId}`]);
  });

  it('reports a timeout as a failure to retry, and the retry finds the order the lost answer created', async () => {
    const impatient = new CashfreeProvider({
      client: cashfreeClientFor(fake, { timeoutMs: 200 }),
      environment: 'sandbox',
      webhookSecrets: [fake.clientSecret],
    });
    const request = tipRequest();
    fake.hang({ processed: true, path: '/pg/orders' });
    const error = await providerError(impatient.createPayment(request));
    expect(error).toMatchObject({ refused: false, providerCode: null, message: 'Cashfree did not answer in time to create an order' });

    const retried = await provider.createPayment(request);
    const { data: order } = await client.PGFetchOrder(`tip_${request.tipId}`);
    expect(retried.next).toMatchObject({ paymentSessionId: order.payment_session_id });
  });

  it('refuses a retry whose order is no longer open or has another amount', async () => {
    const paid = tipRequest();
    await provider.createPayment(paid);
    fake.pay(`tip_${paid.tipId}`);
    expect(await providerError(provider.createPayment(paid))).toMatchObject({
      refused: true,
      providerCode: 'order_already_exists',
      message: `Cashfree order tip_${paid.tipId} already exists and is PAID`,
    });

    const changed = tipRequest();
    await provider.createPayment(changed);
    expect(await providerError(provider.createPayment({ ...changed, amount: 20000 }))).toMatchObject({
      refused: true,
      message: `Cashfree order tip_${changed.tipId} already exists with another amount`,
    });
  });

  it('maps a 5xx to a failure, a 4xx to a refusal with Cashfree’s code, and an unreachable server to a failure', async () => {
    fake.failWith(500, { path: '/pg/orders' });
    expect(await providerError(provider.createPayment(tipRequest()))).toMatchObject({
      refused: false,
      providerCode: 'internal_error',
      message: 'Cashfree failed to create an order (HTTP 500 internal_error): Fake Cashfree was told to fail with 500',
    });

    // Rate limited: "not now", so a failure the viewer may retry rather than a refusal.
    fake.failWith(429, { path: '/pg/orders' });
    expect(await providerError(provider.createPayment(tipRequest()))).toMatchObject({ refused: false });

    // Below Cashfree's minimum of ₹1.00: Cashfree's own validation answers 400.
    expect(await providerError(provider.createPayment(tipRequest({ amount: 50 })))).toMatchObject({
      refused: true,
      providerCode: 'order_amount_invalid',
    });

    const wrongSecret = createCashfreeClient({
      clientId: fake.clientId,
      clientSecret: 'cfsk_wrong',
      environment: 'sandbox',
      apiUrl: fake.origin,
    });
    const unauthorised = new CashfreeProvider({ client: wrongSecret, environment: 'sandbox', webhookSecrets: ['s'] });
    expect(await providerError(unauthorised.createPayment(tipRequest()))).toMatchObject({ refused: true, providerCode: 'request_failed' });

    const gone = await FakeCashfree.start();
    await gone.close();
    const unreachable = new CashfreeProvider({ client: cashfreeClientFor(gone), environment: 'sandbox', webhookSecrets: ['s'] });
    const error = await providerError(unreachable.createPayment(tipRequest()));
    expect(error).toMatchObject({ refused: false, message: 'Cashfree could not be reached to create an order (ECONNREFUSED)' });
    expect(error.cause).toBeUndefined();
  });
});

describe('CashfreeProvider.refund', () => {
  async function paidTip(amount = 17000): Promise<{ orderId: string; request: RefundRequest }> {
    const tip = tipRequest({ amount });
    const { paymentId } = await provider.createPayment(tip);
    fake.pay(paymentId);
    const request: RefundRequest = {
      tipId: tip.tipId,
      paymentId,
      refundId: randomUUID(),
      amount: 5050,
      currency: 'INR',
      reason: 'Refunded by the streamer',
    };
    return { orderId: paymentId, request };
  }

  it('asks Cashfree to refund the order in rupees under our refund id', async () => {
    const { orderId, request } = await paidTip();
    await provider.refund(request);
    const sent = lastRequest('POST', `/pg/orders/${orderId}/refunds`);
    expect(sent?.headers['x-idempotency-key']).toBe(`refund:${request.refundId}`);
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({ refund_amount: 50.5, refund_id: request.refundId, refund_note: request.reason });
    const { data: refund } = await client.PGOrderFetchRefund(orderId, request.refundId);
    expect(refund).toMatchObject({ refund_amount: 50.5, refund_status: 'PENDING' });
  });

  it('treats a retried refund that Cashfree already has as done, but not one with another amount', async () => {
    const { orderId, request } = await paidTip();
    await provider.refund(request);
    await provider.refund(request);
    expect(fake.requestsTo('POST', `/pg/orders/${orderId}/refunds`)).toHaveLength(2);
    expect(await providerError(provider.refund({ ...request, amount: 100 }))).toMatchObject({
      refused: true,
      providerCode: 'refund_already_exists',
    });
  });

  it('maps Cashfree refusing or failing a refund to a ProviderError', async () => {
    const { request } = await paidTip();
    expect(await providerError(provider.refund({ ...request, amount: 17001 }))).toMatchObject({
      refused: true,
      providerCode: 'refund_amount_invalid',
    });
    fake.failWith(503, { path: `/pg/orders/${request.paymentId}/refunds` });
    expect(await providerError(provider.refund(request))).toMatchObject({ refused: false, providerCode: 'internal_error' });
    expect(await providerError(provider.refund({ ...request, paymentId: 'tip_unknown' }))).toMatchObject({
      refused: true,
      providerCode: 'order_not_found',
    });
  });
});

describe('CashfreeProvider.parseWebhook', () => {
  const NOW_MS = Date.now();
  const at = (offsetSeconds: number) => ({ now: () => NOW_MS + offsetSeconds * 1000 });
  const hooks = (options: { now?: () => number; secrets?: string[] } = {}) =>
    new CashfreeProvider({ client, environment: 'sandbox', webhookSecrets: options.secrets ?? [fake.clientSecret], now: options.now });
  const sign = (event: unknown, options: { timestampMs?: number; body?: string; secret?: string } = {}) =>
    signCashfreeDelivery(event, { secret: fake.clientSecret, timestampMs: NOW_MS, ...options });

  function reasonOf(run: () => unknown): { reason: string; message: string } {
    try {
      run();
    } catch (err) {
      if (err instanceof WebhookVerificationError) return { reason: err.reason, message: err.message };
      throw err;
    }
    throw new Error('expected the delivery to be refused');
  }

  async function paidOrder(amount = 17010, status: 'SUCCESS' | 'FAILED' | 'USER_DROPPED' = 'SUCCESS') {
    const { paymentId } = await provider.createPayment(tipRequest({ amount }));
    return { orderId: paymentId, cfPaymentId: fake.pay(paymentId, status) };
  }

  it('turns PAYMENT_SUCCESS_WEBHOOK into payment_succeeded in paise', async () => {
    const { orderId, cfPaymentId } = await paidOrder(17010);
    const delivery = sign(fake.paymentWebhook(cfPaymentId));
    expect(delivery.body.toString()).toContain('"payment_amount":170.10');
    expect(hooks().parseWebhook(delivery.body, delivery.headers)).toEqual([
      {
        kind: 'payment_succeeded',
        eventId: `payment:${cfPaymentId}:SUCCESS`,
        paymentId: orderId,
        providerType: 'PAYMENT_SUCCESS_WEBHOOK',
        amount: 17010,
        currency: 'INR',
        attemptId: cfPaymentId,
      },
    ]);
  });

  it('turns failed and dropped payments into payment_failed with Cashfree’s reason', async () => {
    const failed = await paidOrder(17000, 'FAILED');
    const dropped = await paidOrder(17000, 'USER_DROPPED');
    const events = [failed, dropped].flatMap(({ cfPaymentId }) => {
      const delivery = sign(fake.paymentWebhook(cfPaymentId));
      return hooks().parseWebhook(delivery.body, delivery.headers);
    });
    expect(events).toEqual([
      {
        kind: 'payment_failed',
        eventId: `payment:${failed.cfPaymentId}:FAILED`,
        paymentId: failed.orderId,
        providerType: 'PAYMENT_FAILED_WEBHOOK',
        reason: 'issuer bank or payment service provider declined the transaction',
      },
      {
        kind: 'payment_failed',
        eventId: `payment:${dropped.cfPaymentId}:USER_DROPPED`,
        paymentId: dropped.orderId,
        providerType: 'PAYMENT_USER_DROPPED_WEBHOOK',
        reason: 'user dropped and did not complete the two factor authentication',
      },
    ]);
  });

  it('falls back to payment_message, then the status, when a failure has no error description', () => {
    const event = (payment: Record<string, unknown>) =>
      cashfreeEvent('PAYMENT_FAILED_WEBHOOK', {
        order: { order_id: 'tip_x', order_amount: rupees(100), order_currency: 'INR' },
        payment: { cf_payment_id: 5114910000001, payment_status: 'FAILED', ...payment },
        error_details: null,
      });
    const reason = (payment: Record<string, unknown>) => {
      const delivery = sign(event(payment));
      const [parsed] = hooks().parseWebhook(delivery.body, delivery.headers);
      return parsed?.kind === 'payment_failed' ? [parsed.eventId, parsed.reason] : null;
    };
    expect(reason({ payment_message: 'Card expired' })).toEqual(['payment:5114910000001:FAILED', 'Card expired']);
    expect(reason({ payment_message: null })).toEqual(['payment:5114910000001:FAILED', 'FAILED']);
  });

  it('reads a success without payment_amount from the order, with the order’s currency', () => {
    const delivery = sign(
      cashfreeEvent('PAYMENT_SUCCESS_WEBHOOK', {
        order: { order_id: 'tip_y', order_amount: rupees(99999), order_currency: 'INR' },
        payment: { cf_payment_id: '42', payment_status: 'SUCCESS', payment_amount: null, payment_currency: null },
      }),
    );
    expect(hooks().parseWebhook(delivery.body, delivery.headers)).toMatchObject([
      { amount: 99999, currency: 'INR', eventId: 'payment:42:SUCCESS' },
    ]);
  });

  it('turns REFUND_STATUS_WEBHOOK into refund events, one per status, keyed by our refund id', async () => {
    const { orderId } = await paidOrder(17000);
    const refundId = randomUUID();
    await provider.refund({ tipId: 't', paymentId: orderId, refundId, amount: 5050, currency: 'INR', reason: 'streamer' });
    const parse = () => {
      const delivery = sign(fake.refundWebhook(orderId, refundId));
      return hooks().parseWebhook(delivery.body, delivery.headers);
    };
    const refund = {
      kind: 'refund',
      paymentId: orderId,
      refundId,
      amount: 5050,
      currency: 'INR',
      providerType: 'REFUND_STATUS_WEBHOOK',
      successIsFinal: true,
    };
    expect(parse()).toEqual([{ ...refund, eventId: `refund:${refundId}:PENDING`, status: 'pending' }]);
    fake.settleRefund(orderId, refundId, 'ONHOLD');
    expect(parse()).toEqual([{ ...refund, eventId: `refund:${refundId}:ONHOLD`, status: 'pending' }]);
    fake.settleRefund(orderId, refundId, 'SUCCESS');
    expect(parse()).toEqual([{ ...refund, eventId: `refund:${refundId}:SUCCESS`, status: 'succeeded' }]);
    fake.settleRefund(orderId, refundId, 'CANCELLED');
    expect(parse()).toEqual([{ ...refund, eventId: `refund:${refundId}:CANCELLED`, status: 'failed' }]);
  });

  it('turns dispute webhooks into dispute events by status: open, won, lost; retrievals are ignored', async () => {
    const { orderId } = await paidOrder(17000);
    const parse = (type: 'DISPUTE_CREATED' | 'DISPUTE_UPDATED' | 'DISPUTE_CLOSED', status: string, amountPaise?: number) => {
      const delivery = sign(
        fake.disputeWebhook(orderId, type, { disputeId: '653569316', status, ...(amountPaise ? { amountPaise } : {}) }),
      );
      return hooks().parseWebhook(delivery.body, delivery.headers);
    };
    const base = { paymentId: orderId, disputeId: '653569316' };
    expect(parse('DISPUTE_CREATED', 'CHARGEBACK_CREATED', 5_000)).toEqual([
      {
        ...base,
        kind: 'dispute_opened',
        eventId: 'dispute:653569316:CHARGEBACK_CREATED',
        providerType: 'DISPUTE_CREATED',
        amount: 5_000,
        currency: 'INR',
      },
    ]);
    expect(parse('DISPUTE_UPDATED', 'DISPUTE_INSUFFICIENT_EVIDENCE')).toMatchObject([{ kind: 'dispute_opened', amount: 17_000 }]);
    expect(parse('DISPUTE_CLOSED', 'CHARGEBACK_MERCHANT_WON')).toEqual([
      {
        ...base,
        kind: 'dispute_closed',
        eventId: 'dispute:653569316:CHARGEBACK_MERCHANT_WON',
        providerType: 'DISPUTE_CLOSED',
        outcome: 'won',
        fee: 0,
      },
    ]);
    expect(parse('DISPUTE_CLOSED', 'PRE_ARBITRATION_MERCHANT_LOST')).toMatchObject([{ kind: 'dispute_closed', outcome: 'lost' }]);
    expect(parse('DISPUTE_CLOSED', 'DISPUTE_MERCHANT_ACCEPTED')).toMatchObject([{ kind: 'dispute_closed', outcome: 'lost' }]);
    expect(parse('DISPUTE_CREATED', 'RETRIEVAL_CREATED')).toMatchObject([
      { kind: 'ignored', eventId: 'dispute:653569316:RETRIEVAL_CREATED' },
    ]);
    expect(() => parse('DISPUTE_UPDATED', 'CHARGEBACK_REOPENED')).toThrow(/dispute_status/);
  });

  it('acknowledges events it does not act on as ignored, the same delivery always with the same id', async () => {
    const { orderId } = await paidOrder(17000);
    const settlement = sign({ type: 'SETTLEMENT_WEBHOOK', data: { order: { order_id: orderId }, settlement: { id: 1 } } });
    const eventId = `SETTLEMENT_WEBHOOK:${createHash('sha256').update(settlement.body).digest('hex')}`;
    expect(hooks().parseWebhook(settlement.body, settlement.headers)).toEqual([
      { kind: 'ignored', eventId, paymentId: orderId, providerType: 'SETTLEMENT_WEBHOOK' },
    ]);
    const resent = sign(JSON.parse(settlement.body.toString()), { timestampMs: NOW_MS + 1000, body: settlement.body.toString() });
    expect(hooks().parseWebhook(resent.body, resent.headers)).toMatchObject([{ eventId }]);

    const other = sign({ type: 'PAYMENT_CHARGES_WEBHOOK', data: { order: { order_id: orderId } } });
    expect(hooks().parseWebhook(other.body, other.headers)).toMatchObject([{ kind: 'ignored', paymentId: orderId }]);
    const bare = sign({ type: 'SETTLEMENT_WEBHOOK', data: {} });
    expect(hooks().parseWebhook(bare.body, bare.headers)).toMatchObject([{ kind: 'ignored', paymentId: '' }]);
  });

  describe('refuses a delivery it cannot trust', () => {
    let delivery: ReturnType<typeof sign>;
    beforeAll(async () => {
      const { cfPaymentId } = await paidOrder(17010);
      delivery = sign(fake.paymentWebhook(cfPaymentId));
    });

    it('signed with another secret, and accepts a rotated one while both are configured', () => {
      const forged = sign(JSON.parse(delivery.body.toString()), { secret: 'cfsk_ma_test_attacker', body: delivery.body.toString() });
      expect(reasonOf(() => hooks().parseWebhook(forged.body, forged.headers)).reason).toBe('signature_mismatch');
      const rotated = sign(null, { secret: 'cfsk_ma_test_next', body: delivery.body.toString() });
      expect(hooks({ secrets: ['cfsk_ma_test_next', fake.clientSecret] }).parseWebhook(rotated.body, rotated.headers)).toHaveLength(1);
      expect(hooks({ secrets: ['cfsk_ma_test_next', fake.clientSecret] }).parseWebhook(delivery.body, delivery.headers)).toHaveLength(1);
    });

    it('with a body changed after signing', () => {
      const tampered = Buffer.from(delivery.body.toString().replaceAll('170.10', '1.10'));
      expect(tampered.equals(delivery.body)).toBe(false);
      expect(reasonOf(() => hooks().parseWebhook(tampered, delivery.headers)).reason).toBe('signature_mismatch');
    });

    it('older than an hour, and accepts a late retry inside the hour', () => {
      expect(reasonOf(() => hooks(at(3601)).parseWebhook(delivery.body, delivery.headers)).reason).toBe('stale_timestamp');
      expect(hooks(at(59 * 60)).parseWebhook(delivery.body, delivery.headers)).toHaveLength(1);
      const strict = new CashfreeProvider({
        client,
        environment: 'sandbox',
        webhookSecrets: [fake.clientSecret],
        toleranceSeconds: 60,
        ...at(61),
      });
      expect(reasonOf(() => strict.parseWebhook(delivery.body, delivery.headers)).reason).toBe('stale_timestamp');
    });

    it('stamped in the future', () => {
      expect(reasonOf(() => hooks(at(-600)).parseWebhook(delivery.body, delivery.headers)).reason).toBe('future_timestamp');
    });

    it('without its signature headers', () => {
      expect(reasonOf(() => hooks().parseWebhook(delivery.body, { 'content-type': 'application/json' })).reason).toBe('missing_header');
    });
  });

  describe('refuses a signed body it cannot read, saying what is wrong', () => {
    const refusal = (event: unknown, body?: string) => {
      const delivery = sign(event, body === undefined ? {} : { body });
      return reasonOf(() => hooks().parseWebhook(delivery.body, delivery.headers));
    };
    const order = { order_id: 'tip_z', order_amount: rupees(17000), order_currency: 'INR' };
    const payment = { cf_payment_id: '77', payment_status: 'SUCCESS', payment_amount: rupees(17000), payment_currency: 'INR' };

    it('a payment event without its payment id', () => {
      const { cf_payment_id: _, ...withoutId } = payment;
      expect(refusal(cashfreeEvent('PAYMENT_SUCCESS_WEBHOOK', { order, payment: withoutId }))).toEqual({
        reason: 'unparsable_body',
        message: expect.stringContaining('PAYMENT_SUCCESS_WEBHOOK: data.payment.cf_payment_id is missing or invalid'),
      });
    });

    it('a payment event without its order', () => {
      expect(refusal(cashfreeEvent('PAYMENT_FAILED_WEBHOOK', { payment }))).toMatchObject({
        reason: 'unparsable_body',
        message: expect.stringContaining('data.order'),
      });
    });

    it('a success with no amount anywhere, or an amount with more decimals than the currency', () => {
      expect(
        refusal(
          cashfreeEvent('PAYMENT_SUCCESS_WEBHOOK', {
            order: { order_id: 'tip_z' },
            payment: { cf_payment_id: '77', payment_status: 'SUCCESS' },
          }),
        ),
      ).toMatchObject({ reason: 'unparsable_body', message: expect.stringContaining('has an amount and a currency') });
      const body = `{"data":{"order":{"order_id":"tip_z","order_amount":170.005,"order_currency":"INR"},"payment":{"cf_payment_id":"77","payment_status":"SUCCESS","payment_amount":170.005,"payment_currency":"INR"}},"type":"PAYMENT_SUCCESS_WEBHOOK"}`;
      expect(refusal(null, body)).toMatchObject({
        reason: 'unparsable_body',
        message: expect.stringContaining('payment_amount 170.005 INR is not an amount we can read'),
      });
    });

    it('a refund with a status we do not know', () => {
      const refund = { order_id: 'tip_z', refund_id: 'r1', refund_status: 'REVERSED', refund_amount: rupees(100), refund_currency: 'INR' };
      expect(refusal(cashfreeEvent('REFUND_STATUS_WEBHOOK', { refund }))).toMatchObject({
        reason: 'unparsable_body',
        message: expect.stringContaining('data.refund.refund_status'),
      });
    });

    it('a body that is not a Cashfree event at all', () => {
      expect(refusal(null, 'not json')).toMatchObject({ reason: 'unparsable_body' });
      expect(refusal(null, '{"event":"payment"}')).toMatchObject({ reason: 'unparsable_body' });
    });
  });
});
