import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { isAxiosError } from 'axios';
import { type Cashfree, CFEnvironment, type CreateOrderRequest } from 'cashfree-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCashfreeWebhook } from '../../src/integrations/cashfree/cashfree-signature';
import { FakeCashfree } from './cashfree-fake';
import { signCashfreeDelivery } from './cashfree-webhooks';
import { cashfreeClientFor } from './clients';

let fake: FakeCashfree;
let cashfree: Cashfree;

// Every outgoing TCP connection made while this file runs, by remote address: proves the SDK (and the Sentry it
// bundles) reaches nothing but the fake.
const remoteAddresses: string[] = [];
const onSocket = (message: unknown) => {
  const { socket } = message as { socket: Socket };
  socket.once('connect', () => remoteAddresses.push(socket.remoteAddress ?? 'unknown'));
};

beforeAll(async () => {
  subscribe('net.client.socket', onSocket);
  fake = await FakeCashfree.start();
  cashfree = cashfreeClientFor(fake);
});
afterAll(async () => {
  unsubscribe('net.client.socket', onSocket);
  await fake.close();
});

async function httpError(promise: Promise<unknown>): Promise<{ status: number | undefined; data: unknown; code: string | undefined }> {
  try {
    await promise;
  } catch (err) {
    if (isAxiosError(err)) return { status: err.response?.status, data: err.response?.data, code: err.code };
    throw err;
  }
  throw new Error('expected a rejection');
}

const order = (orderId: string, amount = 170): CreateOrderRequest => ({
  order_id: orderId,
  order_amount: amount,
  order_currency: 'INR',
  customer_details: { customer_id: 'viewer_1', customer_phone: '9999999999' },
  order_meta: { return_url: 'https://tipchat.example/tips/return', notify_url: 'https://tipchat.example/webhooks/cashfree' },
});

describe('fake Cashfree driven by the real cashfree-pg client', () => {
  it('creates an order in decimal rupees and returns a payment session', async () => {
    const { data } = await cashfree.PGCreateOrder(order('tip_a', 170.5));
    expect(data).toMatchObject({ order_id: 'tip_a', order_amount: 170.5, order_currency: 'INR', order_status: 'ACTIVE', entity: 'order' });
    expect(data.cf_order_id).toMatch(/^\d+$/);
    expect(data.payment_session_id).toMatch(/^session_/);

    const [request] = fake.requestsTo('POST', '/pg/orders').slice(-1);
    expect(request?.headers['x-client-id']).toBe(fake.clientId);
    expect(request?.headers['x-client-secret']).toBe(fake.clientSecret);
    expect(request?.headers['x-api-version']).toBe(cashfree.XApiVersion);
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({ order_amount: 170.5 });
  });

  it('fetches an order, which turns PAID once a payment succeeds, with its payment attempts', async () => {
    await cashfree.PGCreateOrder(order('tip_b'));
    expect((await cashfree.PGFetchOrder('tip_b')).data.order_status).toBe('ACTIVE');
    const dropped = fake.pay('tip_b', 'USER_DROPPED');
    expect((await cashfree.PGFetchOrder('tip_b')).data.order_status).toBe('ACTIVE');
    const paid = fake.pay('tip_b');
    expect((await cashfree.PGFetchOrder('tip_b')).data.order_status).toBe('PAID');
    const { data: attempts } = await cashfree.PGOrderFetchPayments('tip_b');
    expect(attempts.map((p) => [p.cf_payment_id, p.payment_status])).toEqual([
      [dropped, 'USER_DROPPED'],
      [paid, 'SUCCESS'],
    ]);
  });

  it('refuses an order id used before, an unknown order, and an amount in paise-like precision', async () => {
    await cashfree.PGCreateOrder(order('tip_c'));
    expect(await httpError(cashfree.PGCreateOrder(order('tip_c')))).toMatchObject({
      status: 409,
      data: { code: 'order_already_exists', type: 'invalid_request_error' },
    });
    expect(await httpError(cashfree.PGFetchOrder('tip_missing'))).toMatchObject({ status: 404, data: { code: 'order_not_found' } });
    expect(await httpError(cashfree.PGCreateOrder(order('tip_c2', 170.005)))).toMatchObject({
      status: 400,
      data: { code: 'order_amount_invalid' },
    });
    expect(
      await httpError(
        cashfree.PGCreateOrder({
          order_id: 'tip_c3',
          order_amount: 10,
          order_currency: 'INR',
          customer_details: { customer_id: 'v', customer_phone: '' },
        }),
      ),
    ).toMatchObject({ status: 400, data: { code: 'customer_details.customer_phone_missing' } });
  });

  it('refunds a paid order in parts, refuses more than is left, and settles a refund later', async () => {
    await cashfree.PGCreateOrder(order('tip_d', 170));
    expect(await httpError(cashfree.PGOrderCreateRefund('tip_d', { refund_amount: 10, refund_id: 'r0' }))).toMatchObject({ status: 400 });
    const cfPaymentId = fake.pay('tip_d');
    const { data: partial } = await cashfree.PGOrderCreateRefund('tip_d', {
      refund_amount: 70,
      refund_id: 'refund_d1',
      refund_note: 'tip refund',
    });
    expect(partial).toMatchObject({ refund_id: 'refund_d1', refund_amount: 70, refund_status: 'PENDING', cf_payment_id: cfPaymentId });
    expect(await httpError(cashfree.PGOrderCreateRefund('tip_d', { refund_amount: 100.01, refund_id: 'refund_d2' }))).toMatchObject({
      status: 400,
      data: { code: 'refund_amount_invalid' },
    });
    expect(await httpError(cashfree.PGOrderCreateRefund('tip_d', { refund_amount: 1, refund_id: 'refund_d1' }))).toMatchObject({
      status: 409,
    });
    fake.settleRefund('tip_d', 'refund_d1');
    expect((await cashfree.PGOrderFetchRefund('tip_d', 'refund_d1')).data.refund_status).toBe('SUCCESS');
  });

  it('fails on demand with a 5xx and with a timeout that still creates the order', async () => {
    const before = fake.orderCount();
    fake.failWith(502, { path: '/pg/orders' });
    expect(await httpError(cashfree.PGCreateOrder(order('tip_e')))).toMatchObject({ status: 502 });
    expect(fake.orderCount()).toBe(before);

    const impatient = cashfreeClientFor(fake, { timeoutMs: 200 });
    fake.hang({ processed: true, path: '/pg/orders' });
    expect(await httpError(impatient.PGCreateOrder(order('tip_e')))).toMatchObject({ status: undefined, code: 'ECONNABORTED' });
    // The order exists although the caller never heard back: the retry is a GET, not a second create.
    expect((await cashfree.PGFetchOrder('tip_e')).data.order_status).toBe('ACTIVE');
    expect(await httpError(cashfree.PGCreateOrder(order('tip_e')))).toMatchObject({ status: 409 });
  });

  it('builds signed webhooks that our verifier and the SDK’s own check both accept', async () => {
    await cashfree.PGCreateOrder(order('tip_f', 170));
    const cfPaymentId = fake.pay('tip_f');
    const delivery = signCashfreeDelivery(fake.paymentWebhook(cfPaymentId), { secret: fake.clientSecret });
    expect(delivery.body.toString()).toContain('"payment_amount":170.00');
    const verified = verifyCashfreeWebhook(delivery.body, delivery.headers, { secrets: [fake.clientSecret] });
    expect(verified.event).toMatchObject({
      type: 'PAYMENT_SUCCESS_WEBHOOK',
      data: { order: { order_id: 'tip_f' }, payment: { cf_payment_id: cfPaymentId, payment_status: 'SUCCESS' } },
    });
    const sdkView = cashfree.PGVerifyWebhookSignature(
      delivery.headers['x-webhook-signature'] ?? '',
      delivery.body.toString('utf8'),
      delivery.headers['x-webhook-timestamp'] ?? '',
    );
    expect(sdkView.type).toBe('PAYMENT_SUCCESS_WEBHOOK');

    await cashfree.PGOrderCreateRefund('tip_f', { refund_amount: 50, refund_id: 'refund_f1' });
    fake.settleRefund('tip_f', 'refund_f1');
    const refund = signCashfreeDelivery(fake.refundWebhook('tip_f', 'refund_f1'), { secret: fake.clientSecret });
    expect(verifyCashfreeWebhook(refund.body, refund.headers, { secrets: [fake.clientSecret] }).event).toMatchObject({
      type: 'REFUND_STATUS_WEBHOOK',
      data: { refund: { refund_id: 'refund_f1', refund_status: 'SUCCESS', refund_amount: 50 } },
    });
  });

  it('sends nothing anywhere but the fake on 127.0.0.1, errors included, with error analytics off', async () => {
    expect(cashfree.XEnableErrorAnalytics).toBe(false);
    fake.failWith(500);
    expect(await httpError(cashfree.PGFetchOrder('tip_a'))).toMatchObject({ status: 500 });
    expect(await httpError(cashfree.PGFetchOrder('tip_missing'))).toMatchObject({ status: 404 });
    expect(remoteAddresses.length).toBeGreaterThan(0);
    expect(new Set(remoteAddresses)).toEqual(new Set(['127.0.0.1']));
  });

  it('refuses, before it leaves the process, a request to any Cashfree host but the sandbox the fake stands in for', async () => {
    const production = cashfreeClientFor(fake);
    production.XEnvironment = CFEnvironment.PRODUCTION;
    const before = fake.requests.length;
    await expect(production.PGFetchOrder('tip_a')).rejects.toThrow(
      /outside https:\/\/sandbox\.cashfree\.com\/pg: https:\/\/api\.cashfree\.com\/pg\/orders\/tip_a/,
    );
    expect(fake.requests.length).toBe(before);
  });
});
