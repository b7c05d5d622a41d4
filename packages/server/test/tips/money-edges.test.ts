import type { TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCashfree } from '../fakes/cashfree-fake';
import { rupees } from '../fakes/cashfree-webhooks';
import {
  connectedStripeAccount,
  type Payee,
  type PayoutWorld,
  payee,
  startPayoutWorld,
  verifiedBankAccount,
} from '../payouts/payout-fixtures';
import { adminClient, reviewsOfTip } from '../support/reviews';
import {
  cashfreeServerEnv,
  channelMoney,
  expectLedgerBalanced,
  expectLedgerSumsToZero,
  expectTipLedgersMatchTips,
  platformMoney,
  storedPaymentId,
  tipPostings,
} from '../support/tips';
import { cashfreeDelivery, deliverAccepted, deliverRefused, newStripeWebhookSecret, stripeDelivery } from '../support/webhook-delivery';

/*
 * The money edge cases of issue 12, each through a real server with the Stripe and Cashfree fakes driven by the real
 * client libraries: the delivery, the answer, the ledger (every transaction and the whole ledger sum to zero), the
 * channel's balance, whether payouts are refused, and the flag as an admin sees it.
 *
 * Fees: 5 % (the payout world's PLATFORM_FEE_BPS), nothing fixed. Payout minimums: $10 and ₹100.
 */

let world: PayoutWorld;
let cashfree: FakeCashfree;
let admin: TipchatClient;
const webhookSecret = newStripeWebhookSecret();
const LATER = () => new Date(Date.now() + 30 * 24 * 3600_000);

beforeAll(async () => {
  cashfree = await FakeCashfree.start();
  world = await startPayoutWorld({
    ...cashfreeServerEnv(cashfree),
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    DEV_PAYMENTS: 'false',
  });
  admin = await adminClient(world.server);
});
afterAll(async () => {
  await world?.close();
  await cashfree?.close();
});

const server = () => world.server;
const sendStripe = (type: string, object: Record<string, unknown>, options: { livemode?: boolean } = {}) =>
  deliverAccepted(server(), 'stripe', stripeDelivery(webhookSecret, type, object, options));
const sendCashfree = (event: unknown) => deliverAccepted(server(), 'cashfree', cashfreeDelivery(cashfree.clientSecret, event));
const tipStatus = async (tipId: string) => (await server().client().tips.get(tipId)).tip.status;
const release = () => server().app.services.tips.release.releaseDue(LATER());

async function stripeTip(channel: Payee, amount: number) {
  const { tip } = await server()
    .client()
    .tips.create(channel.slug, { amount, currency: 'USD', displayName: 'Card Fan', provider: 'stripe' });
  const intentId = await storedPaymentId(server(), tip.id);
  if (!intentId) throw new Error('the tip has no PaymentIntent');
  return { tipId: tip.id, intentId };
}

async function cashfreeTip(channel: Payee, amount: number) {
  const { tip } = await server()
    .client()
    .tips.create(channel.slug, { amount, currency: 'INR', displayName: 'UPI Fan', provider: 'cashfree' });
  const orderId = await storedPaymentId(server(), tip.id);
  if (!orderId) throw new Error('the tip has no Cashfree order');
  return { tipId: tip.id, orderId };
}

/** The streamer asks for a payout of `amount`; answers the refusal's code, or 'accepted'. */
async function payoutAttempt(channel: Payee, amount: number): Promise<string> {
  try {
    await channel.client.payouts.requestPayout({ currency: channel.currency, amount });
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

async function expectBooksBalanced(): Promise<void> {
  await expectLedgerBalanced(server());
  await expectLedgerSumsToZero(server());
}

describe('Cashfree disputes move money like Stripe disputes', () => {
  it('opened withdraws the tip and freezes its payout; updates are stale; won gives it back; a reopening is flagged', async () => {
    const channel = await payee(server(), 'INR');
    await verifiedBankAccount(world, channel);
    const { tipId, orderId } = await cashfreeTip(channel, 50_000);
    expect(await sendCashfree(cashfree.paymentWebhook(cashfree.pay(orderId)))).toEqual(['applied']);
    await release();
    // ₹500 less 5 %: ₹475 available, enough for a payout (the minimum is ₹100).
    expect(await channelMoney(server(), channel.channelId, 'INR')).toMatchObject({ pending: 0, available: 47_500 });
    const feesBefore = await platformMoney(server(), 'INR');

    const disputeId = '433475257';
    const created = cashfree.disputeWebhook(orderId, 'DISPUTE_CREATED', { disputeId, status: 'CHARGEBACK_CREATED' });
    expect(await sendCashfree(created)).toEqual(['applied']);
    expect(await sendCashfree(created)).toEqual(['duplicate']);
    expect(await tipStatus(tipId)).toBe('disputed');
    expect(await channelMoney(server(), channel.channelId, 'INR')).toMatchObject({ pending: 0, available: 0 });
    expect((await platformMoney(server(), 'INR')).fees - feesBefore.fees).toBe(-2_500);
    // The chargeback's money can no longer be paid out.
    expect(await payoutAttempt(channel, 10_000)).toBe('INSUFFICIENT_BALANCE');

    // The same dispute moving on (documents received, under review) withdraws nothing more.
    const review = cashfree.disputeWebhook(orderId, 'DISPUTE_UPDATED', { disputeId, status: 'CHARGEBACK_UNDER_REVIEW' });
    expect(await sendCashfree(review)).toEqual(['stale']);
    expect(await tipPostings(server(), tipId)).toEqual({ dispute_opened: 1, hold_released: 1, tip_paid: 1 });

    const won = cashfree.disputeWebhook(orderId, 'DISPUTE_CLOSED', { disputeId, status: 'CHARGEBACK_MERCHANT_WON' });
    expect(await sendCashfree(won)).toEqual(['applied']);
    expect(await tipStatus(tipId)).toBe('succeeded');
    await release();
    expect(await channelMoney(server(), channel.channelId, 'INR')).toMatchObject({ pending: 0, available: 47_500 });
    expect((await platformMoney(server(), 'INR')).fees).toBe(feesBefore.fees);
    expect(await tipPostings(server(), tipId)).toMatchObject({ dispute_opened: 1, dispute_won: 1, tip_paid: 1 });

    // A pre-arbitration on the dispute already won: nothing moves by itself, an operator is asked.
    const reopened = cashfree.disputeWebhook(orderId, 'DISPUTE_UPDATED', { disputeId, status: 'PRE_ARBITRATION_CREATED' });
    expect(await sendCashfree(reopened)).toEqual(['flagged']);
    expect(await channelMoney(server(), channel.channelId, 'INR')).toMatchObject({ available: 47_500 });
    expect(await reviewsOfTip(server(), admin, tipId)).toEqual([
      expect.objectContaining({
        provider: 'cashfree',
        providerType: 'DISPUTE_UPDATED',
        reason: 'dispute_reopened',
        channelId: channel.channelId,
        details: expect.objectContaining({ disputeId, closedAs: 'won' }),
        payload: expect.objectContaining({ type: 'DISPUTE_UPDATED' }),
      }),
    ]);
    await expectBooksBalanced();
  });

  it('lost keeps the money gone for good; a retrieval request moves nothing', async () => {
    const channel = await payee(server(), 'INR');
    const { tipId, orderId } = await cashfreeTip(channel, 20_000);
    expect(await sendCashfree(cashfree.paymentWebhook(cashfree.pay(orderId)))).toEqual(['applied']);

    const retrieval = cashfree.disputeWebhook(orderId, 'DISPUTE_CREATED', { disputeId: '900000001', status: 'RETRIEVAL_CREATED' });
    expect(await sendCashfree(retrieval)).toEqual(['ignored']);
    expect(await tipStatus(tipId)).toBe('succeeded');

    const disputeId = '900000002';
    // A partial dispute: ₹50 of ₹200.
    const opened = cashfree.disputeWebhook(orderId, 'DISPUTE_CREATED', { disputeId, status: 'DISPUTE_CREATED', amountPaise: 5_000 });
    expect(await sendCashfree(opened)).toEqual(['applied']);
    // ₹190 net, less 95 % of ₹50.
    expect(await channelMoney(server(), channel.channelId, 'INR')).toMatchObject({ pending: 19_000 - 4_750 });
    const lost = cashfree.disputeWebhook(orderId, 'DISPUTE_CLOSED', { disputeId, status: 'DISPUTE_MERCHANT_LOST' });
    expect(await sendCashfree(lost)).toEqual(['applied']);
    expect(await sendCashfree(lost)).toEqual(['duplicate']);
    expect(await tipStatus(tipId)).toBe('dispute_lost');
    await release();
    expect(await channelMoney(server(), channel.channelId, 'INR')).toMatchObject({ pending: 0, available: 14_250 });
    expect(await tipPostings(server(), tipId)).toEqual({ dispute_opened: 1, hold_released: 1, tip_paid: 1 });
    expect(await reviewsOfTip(server(), admin, tipId)).toEqual([]);
    await expectBooksBalanced();
  });

  it('refuses a dispute status it does not know (400, retried) and writes nothing', async () => {
    const channel = await payee(server(), 'INR');
    const { orderId } = await cashfreeTip(channel, 20_000);
    expect(await sendCashfree(cashfree.paymentWebhook(cashfree.pay(orderId)))).toEqual(['applied']);
    const odd = cashfree.disputeWebhook(orderId, 'DISPUTE_UPDATED', { status: 'CHARGEBACK_SOMETHING_NEW' });
    const refused = await deliverRefused(server(), 'cashfree', cashfreeDelivery(cashfree.clientSecret, odd));
    expect(refused).toMatchObject({ status: 400, error: { code: 'WEBHOOK_SIGNATURE_INVALID', details: { reason: 'unparsable_body' } } });
  });
});

describe('a dispute larger than what refunds left of the tip', () => {
  it('is recorded in full: the rest is owed by the channel, its balance goes negative, payouts stop, the flag is visible', async () => {
    const channel = await payee(server(), 'USD');
    await connectedStripeAccount(world, channel);
    // $100: fee $5, net $95.
    const { tipId, intentId } = await stripeTip(channel, 10_000);
    expect(await sendStripe('payment_intent.succeeded', world.stripe.succeedPaymentIntent(intentId))).toEqual(['applied']);
    await release();

    // The streamer refunds $60: the channel gives back $57 (the platform $3 of its fee).
    await channel.client.tips.refund(channel.slug, tipId, { amount: 6_000 });
    const [refund] = world.stripe.refundsOf(intentId);
    if (!refund) throw new Error('the refund did not reach Stripe');
    expect(await sendStripe('refund.created', refund)).toEqual(['applied']);
    expect(await channelMoney(server(), channel.channelId, 'USD')).toMatchObject({ pending: 0, available: 3_800 });

    // The cardholder then disputes the whole $100 charge: Stripe withdraws $100, $60 more than was left.
    const dispute = world.stripe.openDispute(intentId);
    expect(dispute).toMatchObject({ amount: 10_000 });
    expect(await sendStripe('charge.dispute.created', dispute)).toEqual(['applied']);
    expect(await tipStatus(tipId)).toBe('disputed');
    // $38 of what was left, then the $60 beyond it: the channel owes $60.
    expect(await channelMoney(server(), channel.channelId, 'USD')).toMatchObject({ pending: 0, available: -6_000 });
    const [balance] = await channel.client.payouts.balances();
    expect(balance).toMatchObject({ currency: 'USD', available: -6_000 });
    expect(await payoutAttempt(channel, 1_000)).toBe('INSUFFICIENT_BALANCE');

    const [flag, ...more] = await reviewsOfTip(server(), admin, tipId);
    expect(more).toEqual([]);
    expect(flag).toMatchObject({
      provider: 'stripe',
      providerType: 'charge.dispute.created',
      reason: 'dispute_exceeds_tip',
      channelId: channel.channelId,
      details: { disputed: 10_000, left: 4_000, owedByChannel: 6_000, currency: 'USD' },
      payload: { type: 'charge.dispute.created', data: { object: { id: dispute.id } } },
      resolvedAt: null,
    });
    // The channel's staff hear of it too.
    const { events } = await channel.client.events.after(channel.slug, 0);
    expect(events.filter((e) => e.type === 'provider_event.flagged').map((e) => e.data)).toEqual([
      expect.objectContaining({ reviewId: flag?.id, reason: 'dispute_exceeds_tip', tipId }),
    ]);

    // Lost: the money stays gone, the receivable stays, Stripe's fee is the platform's.
    expect(await sendStripe('charge.dispute.closed', world.stripe.closeDispute(String(dispute.id), 'lost'))).toEqual(['applied']);
    expect(await tipStatus(tipId)).toBe('dispute_lost');
    expect(await channelMoney(server(), channel.channelId, 'USD')).toMatchObject({ available: -6_000 });
    expect(await payoutAttempt(channel, 1_000)).toBe('INSUFFICIENT_BALANCE');
    await expectBooksBalanced();
  });

  it('won, the excess comes back with the rest', async () => {
    const channel = await payee(server(), 'USD');
    const { tipId, intentId } = await stripeTip(channel, 10_000);
    expect(await sendStripe('payment_intent.succeeded', world.stripe.succeedPaymentIntent(intentId))).toEqual(['applied']);
    await channel.client.tips.refund(channel.slug, tipId, { amount: 10_000 });
    const [refund] = world.stripe.refundsOf(intentId);
    if (!refund) throw new Error('the refund did not reach Stripe');
    expect(await sendStripe('refund.created', refund)).toEqual(['applied']);
    expect(await channelMoney(server(), channel.channelId, 'USD')).toMatchObject({ pending: 0, available: 0 });

    // Refunded in full, then disputed in full: all of it is excess.
    const dispute = world.stripe.openDispute(intentId);
    expect(await sendStripe('charge.dispute.created', dispute)).toEqual(['applied']);
    expect(await channelMoney(server(), channel.channelId, 'USD')).toMatchObject({ pending: 0, available: -10_000 });
    expect((await reviewsOfTip(server(), admin, tipId)).map((r) => r.reason)).toEqual(['dispute_exceeds_tip']);

    expect(await sendStripe('charge.dispute.closed', world.stripe.closeDispute(String(dispute.id), 'won'))).toEqual(['applied']);
    expect(await channelMoney(server(), channel.channelId, 'USD')).toMatchObject({ pending: 0, available: 0 });
    expect(await tipStatus(tipId)).toBe('refunded');
    await expectBooksBalanced();
  });
});

describe('a Cashfree refund reported CANCELLED after SUCCESS', () => {
  it('is flagged for review, not undone: the streamer does not get back money the viewer has', async () => {
    const channel = await payee(server(), 'INR');
    const { tipId, orderId } = await cashfreeTip(channel, 50_000);
    expect(await sendCashfree(cashfree.paymentWebhook(cashfree.pay(orderId)))).toEqual(['applied']);
    await channel.client.tips.refund(channel.slug, tipId, { amount: 20_000 });
    const refundId = JSON.parse(cashfree.requestsTo('POST', `/pg/orders/${orderId}/refunds`)[0]?.body ?? '{}').refund_id as string;
    expect(await sendCashfree(cashfree.refundWebhook(orderId, refundId))).toEqual(['applied']);
    cashfree.settleRefund(orderId, refundId, 'SUCCESS');
    expect(await sendCashfree(cashfree.refundWebhook(orderId, refundId))).toEqual(['applied']);
    // ₹475 net, less 95 % of ₹200.
    const afterRefund = { pending: 47_500 - 19_000, available: 0, inTransit: 0, paidOut: 0 };
    expect(await channelMoney(server(), channel.channelId, 'INR')).toEqual(afterRefund);

    cashfree.settleRefund(orderId, refundId, 'CANCELLED');
    const cancelled = cashfree.refundWebhook(orderId, refundId);
    expect(await sendCashfree(cancelled)).toEqual(['flagged']);
    expect(await sendCashfree(cancelled)).toEqual(['duplicate']);

    expect(await tipStatus(tipId)).toBe('partially_refunded');
    expect(await channelMoney(server(), channel.channelId, 'INR')).toEqual(afterRefund);
    expect(await tipPostings(server(), tipId)).toEqual({ refund: 1, tip_paid: 1 });
    expect(await reviewsOfTip(server(), admin, tipId)).toEqual([
      expect.objectContaining({
        reason: 'refund_failed_after_success',
        providerType: 'REFUND_STATUS_WEBHOOK',
        deliveries: 1,
        details: expect.objectContaining({ refundId, amount: 20_000, kept: 'succeeded' }),
        // The body as Cashfree signed it.
        payload: expect.objectContaining({ data: { refund: expect.objectContaining({ refund_status: 'CANCELLED', refund_amount: 200 }) } }),
      }),
    ]);
    await expectBooksBalanced();
  });
});

describe('money beyond the tip goes to suspense and is flagged', () => {
  it('Cashfree: a second successful payment of a paid order is booked to suspense; the tip is paid once', async () => {
    const channel = await payee(server(), 'INR');
    const { tipId, orderId } = await cashfreeTip(channel, 30_000);
    const first = cashfree.pay(orderId);
    expect(await sendCashfree(cashfree.paymentWebhook(first))).toEqual(['applied']);
    const suspenseBefore = (await platformMoney(server(), 'INR')).suspense;

    const second = cashfree.pay(orderId);
    const again = cashfree.paymentWebhook(second);
    expect(await sendCashfree(again)).toEqual(['flagged']);
    expect(await sendCashfree(again)).toEqual(['duplicate']);
    // The first payment's own redelivery is still just a duplicate.
    expect(await sendCashfree(cashfree.paymentWebhook(first))).toEqual(['duplicate']);

    expect(await tipStatus(tipId)).toBe('succeeded');
    expect(await tipPostings(server(), tipId)).toEqual({ overpayment: 1, tip_paid: 1 });
    expect((await platformMoney(server(), 'INR')).suspense - suspenseBefore).toBe(30_000);
    // The streamer gets the tip once.
    expect(await channelMoney(server(), channel.channelId, 'INR')).toMatchObject({ pending: 28_500 });
    expect(await reviewsOfTip(server(), admin, tipId)).toEqual([
      expect.objectContaining({
        reason: 'second_payment',
        details: expect.objectContaining({ paidBy: first, attemptId: second, amount: 30_000, suspense: 30_000 }),
      }),
    ]);
    await expectBooksBalanced();
  });

  it('Cashfree: a payment above the tip pays the tip and books the rest to suspense', async () => {
    const channel = await payee(server(), 'INR');
    const { tipId, orderId } = await cashfreeTip(channel, 30_000);
    const event = cashfree.paymentWebhook(cashfree.pay(orderId));
    const payment = event.data.payment as Record<string, unknown>;
    const more = { ...event, data: { ...event.data, payment: { ...payment, payment_amount: rupees(30_500) } } };
    const suspenseBefore = (await platformMoney(server(), 'INR')).suspense;

    expect(await sendCashfree(more)).toEqual(['applied']);
    expect(await tipStatus(tipId)).toBe('succeeded');
    expect((await platformMoney(server(), 'INR')).suspense - suspenseBefore).toBe(500);
    expect(await channelMoney(server(), channel.channelId, 'INR')).toMatchObject({ pending: 28_500 });
    expect(await reviewsOfTip(server(), admin, tipId)).toEqual([
      expect.objectContaining({
        reason: 'overpayment',
        details: expect.objectContaining({ tipAmount: 30_000, paid: 30_500, suspense: 500 }),
      }),
    ]);
    await expectBooksBalanced();
  });
});

describe('a signed event whose amount contradicts the tip', () => {
  it('is still refused (422, so the provider retries) and is now stored for review once, counting deliveries', async () => {
    const channel = await payee(server(), 'USD');
    const { tipId, intentId } = await stripeTip(channel, 1_000);
    const object = world.stripe.succeedPaymentIntent(intentId);
    const short = stripeDelivery(webhookSecret, 'payment_intent.succeeded', { ...object, amount: 100, amount_received: 100 });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(await deliverRefused(server(), 'stripe', short)).toMatchObject({ status: 422, error: { code: 'PAYMENT_MISMATCH' } });
    }
    expect(await tipStatus(tipId)).toBe('pending');
    expect(await tipPostings(server(), tipId)).toEqual({});
    expect(await reviewsOfTip(server(), admin, tipId)).toEqual([
      expect.objectContaining({
        reason: 'payment_mismatch',
        deliveries: 2,
        channelId: channel.channelId,
        details: expect.objectContaining({ received: { amount: 100, currency: 'USD' } }),
      }),
    ]);
  });
});

describe('Stripe events of the other mode', () => {
  it('a live-mode event on a test-key server is refused with 200 (no retries), stored for review and never applied', async () => {
    const channel = await payee(server(), 'USD');
    const { tipId, intentId } = await stripeTip(channel, 1_000);
    const object = world.stripe.succeedPaymentIntent(intentId);
    expect(await sendStripe('payment_intent.succeeded', object, { livemode: true })).toEqual(['refused']);
    expect(await tipStatus(tipId)).toBe('pending');
    expect(await tipPostings(server(), tipId)).toEqual({});
    expect(await reviewsOfTip(server(), admin, tipId)).toEqual([
      expect.objectContaining({ reason: 'livemode_mismatch', provider: 'stripe', paymentId: intentId, channelId: channel.channelId }),
    ]);
    // The genuine test-mode event still pays the tip.
    expect(await sendStripe('payment_intent.succeeded', object)).toEqual(['applied']);
  });
});

describe('after every edge case above', () => {
  it("every ledger transaction sums to zero and every tip's postings match its state", async () => {
    await expectBooksBalanced();
    await expectTipLedgersMatchTips(server());
  });
});
