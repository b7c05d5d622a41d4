import type { ChannelConnection } from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { FakeCashfree } from '../fakes/cashfree-fake';
import { startedForSuite } from '../support/per-suite';
import { closedAfterEach, eventually } from '../support/realtime';
import { useTestServer } from '../support/server';
import {
  cashfreeServerEnv,
  channelMoney,
  expectLedgerBalanced,
  expectPaidOnce,
  expectTipLedgersMatchTips,
  platformMoney,
  recordedOverlay,
  storedPaymentId,
  type TipChannel,
  tipChannel,
  tipPostings,
} from '../support/tips';
import { cashfreeDelivery, deliverAccepted, deliverRefused, newStripeWebhookSecret, stripeDelivery } from '../support/webhook-delivery';

const fake = startedForSuite(
  () => FakeCashfree.start(),
  (started) => started.close(),
);
// 2.5 % + ₹3: a ₹500 tip (50 000 paise) pays 1250 + 300 = 1550 paise, the streamer keeps 48 450.
const server = useTestServer(() => ({
  ...cashfreeServerEnv(fake),
  RELAY_SWEEP_MS: '100',
  PLATFORM_FEE_BPS: '250',
  PLATFORM_FEE_FIXED: 'INR:300',
}));
const open = closedAfterEach<ChannelConnection>();

/** Signs a Cashfree event body with the client secret, as Cashfree does, and delivers it. */
const send = (event: unknown) => deliverAccepted(server, 'cashfree', cashfreeDelivery(fake.clientSecret, event));

async function startTip(channel: TipChannel, amount = 50_000, message = 'from cashfree') {
  const started = await server.client().tips.create(channel.slug, { amount, currency: 'INR', displayName: 'UPI Fan', message });
  const orderId = await storedPaymentId(server, started.tip.id);
  if (!orderId) throw new Error('the tip has no Cashfree order');
  return { started, tipId: started.tip.id, orderId };
}

/** The viewer pays on Cashfree's checkout; Cashfree reports it. */
async function pay(orderId: string) {
  expect(await send(fake.paymentWebhook(fake.pay(orderId)))).toEqual(['applied']);
}

/** A tip on a channel of its own, paid: where the refund and chargeback tests start. */
async function paidTip() {
  const channel = await tipChannel(server, 'INR', 'cashfree');
  const { tipId, orderId } = await startTip(channel);
  await pay(orderId);
  return { channel, tipId, orderId };
}

/** Our refund as the fake received it: its id and the rupees asked for. */
function refundCalls(orderId: string): { refund_id: string; refund_amount: number }[] {
  return fake
    .requestsTo('POST', `/pg/orders/${orderId}/refunds`)
    .map((r) => JSON.parse(r.body) as { refund_id: string; refund_amount: number });
}

describe('tipping through Cashfree', () => {
  it('creates an order in rupees; the signed success shows the tip in chat, on the overlay and in the ledger', async () => {
    const channel = await tipChannel(server, 'INR', 'cashfree');
    const seen = await recordedOverlay(server, channel, open);
    const viewer = server.client();
    const feesBefore = await platformMoney(server, 'INR');

    const options = await viewer.tips.options(channel.slug, 50_000);
    expect(options).toMatchObject({ currency: 'INR', providers: ['cashfree'], quote: { amount: 50_000, fee: 1_550, net: 48_450 } });

    const { started, tipId, orderId } = await startTip(channel, 50_000, 'namaste from Cashfree');
    expect(orderId).toBe(`tip_${tipId}`);
    expect(started).toMatchObject({
      tip: { status: 'pending', amount: 50_000, currency: 'INR' },
      provider: 'cashfree',
      fee: { amount: 50_000, fee: 1_550, net: 48_450 },
      next: { type: 'cashfree_checkout', paymentSessionId: expect.stringMatching(/^session_/), mode: 'sandbox' },
    });
    const [createCall, ...more] = fake.requestsTo('POST', '/pg/orders').filter((r) => r.body.includes(orderId));
    expect(more).toEqual([]);
    // Rupees, not paise, at the edge.
    expect(JSON.parse(createCall?.body ?? '{}')).toMatchObject({
      order_id: orderId,
      order_amount: 500,
      order_currency: 'INR',
      order_tags: { tip_id: tipId },
      order_meta: { notify_url: expect.stringMatching(/\/api\/v1\/webhooks\/cashfree$/) },
    });
    expect(createCall?.headers['x-idempotency-key']).toBe(`tip:${tipId}`);

    await pay(orderId);

    expect(await viewer.tips.get(tipId)).toMatchObject({ tip: { status: 'succeeded', message: 'namaste from Cashfree' }, next: null });
    await eventually(() => expect(seen.types()).toEqual(expect.arrayContaining(['chat.message', 'tip.succeeded', 'alert.queued'])));
    expect(seen.events.find((e) => e.type === 'chat.message')?.data).toMatchObject({
      text: 'namaste from Cashfree',
      tip: { id: tipId, amount: 50_000, currency: 'INR' },
    });
    expect(seen.events.find((e) => e.type === 'alert.queued')?.data).toMatchObject({ tipId });
    await expectPaidOnce(server, { id: tipId, channelId: channel.id, currency: 'INR', net: 48_450, fee: 1_550 }, feesBefore.fees);
  });

  it('a failed attempt then a successful one on the same order pays the tip once', async () => {
    const channel = await tipChannel(server, 'INR', 'cashfree');
    const { tipId, orderId } = await startTip(channel);

    const failed = fake.paymentWebhook(fake.pay(orderId, 'FAILED'));
    expect(await send(failed)).toEqual(['applied']);
    const afterFailure = await server.client().tips.get(tipId);
    expect(afterFailure).toMatchObject({ tip: { status: 'failed' }, next: { type: 'cashfree_checkout' } });
    expect(afterFailure.failureReason).toContain('declined');
    expect(await tipPostings(server, tipId)).toEqual({});

    const succeeded = fake.paymentWebhook(fake.pay(orderId));
    expect(await send(succeeded)).toEqual(['applied']);
    // Cashfree retries: the same success again, and the old failure arriving late, change nothing.
    expect(await send(succeeded)).toEqual(['duplicate']);
    expect(await send(failed)).toEqual(['duplicate']);
    // A different failed attempt reported after the success is superseded.
    expect(await send(fake.paymentWebhook(fake.pay(orderId, 'USER_DROPPED')))).toEqual(['stale']);

    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'succeeded' }, failureReason: null });
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
    expect(await channelMoney(server, channel.id, 'INR')).toMatchObject({ pending: 48_450 });
  });

  it('a streamer refund is created at Cashfree; PENDING then SUCCESS refunds the tip once', async () => {
    const { channel, tipId, orderId } = await paidTip();
    const feesBefore = await platformMoney(server, 'INR');

    const asked = await channel.owner.tips.refund(channel.slug, tipId, { reason: 'double payment' });
    expect(asked).toMatchObject({ status: 'succeeded', refundedAmount: 0, paymentId: orderId });
    const [call, ...more] = refundCalls(orderId);
    expect(more).toEqual([]);
    expect(call).toMatchObject({ refund_amount: 500, refund_id: expect.stringMatching(/^rf_/) });
    const refundId = call?.refund_id ?? '';

    // Cashfree accepts the refund (PENDING): the money leaves our books then.
    const pending = fake.refundWebhook(orderId, refundId);
    expect(await send(pending)).toEqual(['applied']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'refunded' } });
    expect(await channelMoney(server, channel.id, 'INR')).toMatchObject({ pending: 0 });
    expect(await send(pending)).toEqual(['duplicate']);

    fake.settleRefund(orderId, refundId, 'SUCCESS');
    const settled = fake.refundWebhook(orderId, refundId);
    expect(await send(settled)).toEqual(['applied']);
    expect(await send(settled)).toEqual(['duplicate']);

    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'refunded' } });
    expect(await channelMoney(server, channel.id, 'INR')).toMatchObject({ pending: 0, available: 0 });
    expect((await platformMoney(server, 'INR')).fees - feesBefore.fees).toBe(-1_550);
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, tip_paid: 1 });
    await expectLedgerBalanced(server);
  });

  it('a refund Cashfree cancels after accepting it puts the money back', async () => {
    const { channel, tipId, orderId } = await paidTip();

    // ₹200 of ₹500: 40 % of the gross and of the fee (620) go back.
    await channel.owner.tips.refund(channel.slug, tipId, { amount: 20_000 });
    const refundId = refundCalls(orderId)[0]?.refund_id ?? '';
    expect(await send(fake.refundWebhook(orderId, refundId))).toEqual(['applied']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'partially_refunded' } });
    expect(await channelMoney(server, channel.id, 'INR')).toMatchObject({ pending: 48_450 - (20_000 - 620) });

    fake.settleRefund(orderId, refundId, 'CANCELLED');
    const cancelled = fake.refundWebhook(orderId, refundId);
    expect(await send(cancelled)).toEqual(['applied']);
    expect(await send(cancelled)).toEqual(['duplicate']);

    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'succeeded' } });
    expect(await channelMoney(server, channel.id, 'INR')).toMatchObject({ pending: 48_450 });
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, refund_reversed: 1, tip_paid: 1 });

    // The money is back on the tip, so the streamer can ask for the same refund again: a new refund at Cashfree,
    // not the cancelled one found again under the same refund id.
    const again = await channel.owner.tips.refund(channel.slug, tipId, { amount: 20_000 });
    expect(again).toMatchObject({ refundedAmount: 0 });
    const [, second] = refundCalls(orderId);
    expect(second).toMatchObject({ refund_amount: 200 });
    expect(second?.refund_id).not.toBe(refundId);
    expect(await send(fake.refundWebhook(orderId, second?.refund_id ?? ''))).toEqual(['applied']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'partially_refunded' } });
    expect(await channelMoney(server, channel.id, 'INR')).toMatchObject({ pending: 48_450 - (20_000 - 620) });
    await expectLedgerBalanced(server);
  });

  it('a chargeback withdraws the money like a Stripe dispute; lost, it stays gone', async () => {
    const { channel, tipId, orderId } = await paidTip();
    const disputeId = '433475258';
    expect(await send(fake.disputeWebhook(orderId, 'DISPUTE_CREATED', { disputeId }))).toEqual(['applied']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'disputed' } });
    expect(await channelMoney(server, channel.id, 'INR')).toMatchObject({ pending: 0, available: 0 });
    const lost = fake.disputeWebhook(orderId, 'DISPUTE_CLOSED', { disputeId, status: 'CHARGEBACK_MERCHANT_ACCEPTED' });
    expect(await send(lost)).toEqual(['applied']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'dispute_lost' } });
    expect(await tipPostings(server, tipId)).toEqual({ dispute_opened: 1, tip_paid: 1 });
    await expectLedgerBalanced(server);
  });
});

describe('the webhook endpoint of a Cashfree-only server', () => {
  it('answers 404 in the standard shape for Stripe, which is not configured here', async () => {
    const secret = newStripeWebhookSecret();
    const refused = await deliverRefused(server, 'stripe', stripeDelivery(secret, 'payment_intent.succeeded', { id: 'pi_x' }));
    expect(refused).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
  });
});

describe('after every tip above', () => {
  it("every ledger transaction sums to zero and every tip's postings match its state", async () => {
    await expectLedgerBalanced(server);
    await expectTipLedgersMatchTips(server);
  });
});
