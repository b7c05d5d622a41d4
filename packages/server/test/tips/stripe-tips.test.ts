import type { ChannelConnection } from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { FAKE_STRIPE_DISPUTE_FEE, FakeStripe } from '../fakes/stripe-fake';
import { parseStripeForm } from '../fakes/stripe-form';
import { startedForSuite } from '../support/per-suite';
import { closedAfterEach, eventually } from '../support/realtime';
import { useTestServer } from '../support/server';
import {
  channelMoney,
  expectLedgerBalanced,
  expectPaidOnce,
  expectTipLedgersMatchTips,
  platformMoney,
  recordedOverlay,
  storedPaymentId,
  stripeServerEnv,
  type TipChannel,
  tipChannel,
  tipPostings,
} from '../support/tips';
import { deliverAccepted, deliverRefused, newStripeWebhookSecret, stripeDelivery } from '../support/webhook-delivery';

const webhookSecret = newStripeWebhookSecret();
const fake = startedForSuite(
  () => FakeStripe.start(),
  (started) => started.close(),
);
// 2.5 % + 30 cents: a $10 tip pays a 55 cent fee, the streamer keeps 945.
const server = useTestServer(() => ({
  ...stripeServerEnv(fake, webhookSecret),
  RELAY_SWEEP_MS: '100',
  PLATFORM_FEE_BPS: '250',
  PLATFORM_FEE_FIXED: 'USD:30',
}));
const open = closedAfterEach<ChannelConnection>();

/** Signs an event about `object` with the endpoint secret and delivers it; returns the outcomes. */
const send = (type: string, object: Record<string, unknown>) =>
  deliverAccepted(server, 'stripe', stripeDelivery(webhookSecret, type, object));

/** A pending Stripe tip and its PaymentIntent's id (the part of the client secret before `_secret_`, as Stripe forms it). */
async function startTip(channel: TipChannel, amount = 1_000, message = 'from stripe') {
  const started = await server
    .client()
    .tips.create(channel.slug, { amount, currency: 'USD', displayName: 'Stripe Fan', message, provider: 'stripe' });
  if (started.next?.type !== 'stripe_payment_element') throw new Error(`expected the Payment Element, got ${JSON.stringify(started.next)}`);
  const intentId = started.next.clientSecret.slice(0, started.next.clientSecret.indexOf('_secret_'));
  expect(await storedPaymentId(server, started.tip.id)).toBe(intentId);
  return { started, tipId: started.tip.id, intentId };
}

/** The browser confirms the payment at Stripe, then Stripe reports it. */
async function pay(intentId: string) {
  expect(await send('payment_intent.succeeded', fake.succeedPaymentIntent(intentId))).toEqual(['applied']);
}

/** A tip of `amount` on a channel of its own, paid: where the refund and dispute tests start. */
async function paidTip(amount?: number) {
  const channel = await tipChannel(server, 'USD', 'stripe');
  const { tipId, intentId } = await startTip(channel, amount);
  await pay(intentId);
  return { channel, tipId, intentId };
}

/** A paid tip refunded in full, Stripe's refund.created applied: where the failed-refund tests start. */
async function refundedTip() {
  const { channel, tipId, intentId } = await paidTip();
  await channel.owner.tips.refund(channel.slug, tipId);
  const [refund] = fake.refundsOf(intentId);
  if (!refund) throw new Error('the fake has no refund');
  expect(await send('refund.created', refund)).toEqual(['applied']);
  return { channel, tipId, intentId, refund };
}

describe('tipping through Stripe', () => {
  it('creates a PaymentIntent for the tip; the signed success shows it in chat, on the overlay and in the ledger', async () => {
    const channel = await tipChannel(server, 'USD', 'stripe');
    const seen = await recordedOverlay(server, channel, open);
    const viewer = server.client();
    const feesBefore = await platformMoney(server, 'USD');

    const options = await viewer.tips.options(channel.slug, 1_000);
    expect(options).toMatchObject({ providers: ['stripe'], quote: { amount: 1_000, fee: 55, net: 945 } });

    const { started, tipId, intentId } = await startTip(channel, 1_000, 'thanks, from Stripe');
    expect(started).toMatchObject({
      tip: { status: 'pending', amount: 1_000, currency: 'USD', paidAt: null },
      provider: 'stripe',
      fee: { amount: 1_000, fee: 55, net: 945 },
      next: { type: 'stripe_payment_element', publishableKey: 'pk_test_tipchatfake' },
    });
    // The fake holds exactly what we asked for, under the tip's idempotency key.
    const intent = fake.paymentIntent(intentId);
    expect(intent).toMatchObject({
      amount: 1_000,
      currency: 'usd',
      status: 'requires_payment_method',
      automatic_payment_methods: { enabled: true },
      metadata: { tip_id: tipId, channel_id: channel.id, channel_slug: channel.slug },
    });
    expect(started.next).toMatchObject({ clientSecret: intent.client_secret });
    const [createCall, ...more] = fake.requestsTo('POST', '/v1/payment_intents');
    expect(more).toEqual([]);
    expect(createCall?.headers['idempotency-key']).toBe(`tip:${tipId}`);
    expect(parseStripeForm(createCall?.body ?? '')).toMatchObject({ amount: '1000', currency: 'usd' });
    expect(await tipPostings(server, tipId)).toEqual({});

    await pay(intentId);

    const paid = await viewer.tips.get(tipId);
    expect(paid).toMatchObject({ tip: { status: 'succeeded', message: 'thanks, from Stripe' }, next: null });
    expect(paid.tip.paidAt).not.toBeNull();
    await eventually(() => expect(seen.types()).toEqual(expect.arrayContaining(['chat.message', 'tip.succeeded', 'alert.queued'])));
    expect(seen.events.find((e) => e.type === 'chat.message')?.data).toMatchObject({
      text: 'thanks, from Stripe',
      tip: { id: tipId, amount: 1_000, currency: 'USD' },
    });
    expect(seen.events.find((e) => e.type === 'tip.succeeded')?.data).toMatchObject({ id: tipId, status: 'succeeded', amount: 1_000 });
    expect(seen.events.find((e) => e.type === 'alert.queued')?.data).toMatchObject({ tipId });
    expect((await viewer.chat.history(channel.slug)).messages.map((m) => m.tip?.id)).toEqual([tipId]);

    await expectPaidOnce(server, { id: tipId, channelId: channel.id, currency: 'USD', net: 945, fee: 55 }, feesBefore.fees);
  });

  it('a declined payment fails the tip without money, and the viewer can still pay it', async () => {
    const channel = await tipChannel(server, 'USD', 'stripe');
    const { tipId, intentId } = await startTip(channel);

    expect(await send('payment_intent.payment_failed', fake.declinePaymentIntent(intentId))).toEqual(['applied']);
    const failed = await server.client().tips.get(tipId);
    expect(failed).toMatchObject({ tip: { status: 'failed', paidAt: null }, next: { type: 'stripe_payment_element' } });
    expect(failed.failureReason).toContain('Your card was declined.');
    expect(await tipPostings(server, tipId)).toEqual({});
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0 });

    // Payment Element lets the viewer try another card on the same PaymentIntent.
    await pay(intentId);
    expect((await server.client().tips.get(tipId)).tip.status).toBe('succeeded');
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
  });

  it('a streamer refund goes to Stripe; the refund event returns the money and the whole fee', async () => {
    const { channel, tipId, intentId } = await paidTip();
    const feesBefore = await platformMoney(server, 'USD');

    const asked = await channel.owner.tips.refund(channel.slug, tipId, { reason: 'asked by the viewer' });
    // Nothing moves until Stripe confirms.
    expect(asked).toMatchObject({ status: 'succeeded', refundedAmount: 0, paymentId: intentId });
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 945 });
    const [refundCall, ...more] = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.includes(intentId));
    expect(more).toEqual([]);
    expect(parseStripeForm(refundCall?.body ?? '')).toMatchObject({
      payment_intent: intentId,
      amount: '1000',
      metadata: { tip_id: tipId },
    });
    expect(refundCall?.headers['idempotency-key']).toMatch(/^refund:rf_[0-9a-f]{32}$/);
    const [refund] = fake.refundsOf(intentId);
    if (!refund) throw new Error('the fake has no refund');

    expect(await send('refund.created', refund)).toEqual(['applied']);
    // Stripe also sends charge.refunded with the charge's running total: recorded, not counted a second time.
    expect(await send('charge.refunded', fake.charge(String(fake.paymentIntent(intentId).latest_charge)))).toEqual(['ignored']);

    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'refunded' } });
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0, available: 0 });
    expect((await platformMoney(server, 'USD')).fees - feesBefore.fees).toBe(-55);
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, tip_paid: 1 });
    await expectLedgerBalanced(server);
  });

  it('partial refunds give back the fee in proportion, and the last one returns all of it', async () => {
    // $20: fee 50 + 30 = 80, net 1920.
    const { channel, tipId, intentId } = await paidTip(2_000);
    const feesBefore = await platformMoney(server, 'USD');

    await channel.owner.tips.refund(channel.slug, tipId, { amount: 500 });
    const [first] = fake.refundsOf(intentId);
    if (!first) throw new Error('the fake has no refund');
    expect(first).toMatchObject({ amount: 500 });
    expect(await send('refund.created', first)).toEqual(['applied']);
    // A quarter of the gross back: the platform returns a quarter of its fee (20), the streamer 480.
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 1_440 });
    expect((await platformMoney(server, 'USD')).fees - feesBefore.fees).toBe(-20);
    const part = await channel.owner.tips.refund(channel.slug, tipId, { amount: 1_500 });
    expect(part).toMatchObject({ status: 'partially_refunded', refundedAmount: 500, fee: 60, net: 1_440 });

    const second = fake.refundsOf(intentId)[1];
    if (!second) throw new Error('the fake has no second refund');
    expect(second).toMatchObject({ amount: 1_500 });
    expect(await send('refund.created', second)).toEqual(['applied']);
    // refund.updated for a refund already counted changes nothing.
    expect(await send('refund.updated', second)).toEqual(['stale']);

    expect((await server.client().tips.get(tipId)).tip.status).toBe('refunded');
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0, available: 0 });
    expect((await platformMoney(server, 'USD')).fees - feesBefore.fees).toBe(-80);
    expect(await tipPostings(server, tipId)).toEqual({ refund: 2, tip_paid: 1 });
    await expectLedgerBalanced(server);
  });

  it('a refund the bank sends back puts the money where it was', async () => {
    const { channel, tipId, intentId, refund } = await refundedTip();
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0 });

    expect(await send('refund.failed', fake.failRefund(String(refund.id)))).toEqual(['applied']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'succeeded' } });
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 945 });
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, refund_reversed: 1, tip_paid: 1 });

    // The streamer tries again: a new refund at Stripe, not a replay of the failed one.
    await channel.owner.tips.refund(channel.slug, tipId);
    const [, retry] = fake.refundsOf(intentId);
    if (!retry) throw new Error('the retried refund did not reach Stripe');
    expect(retry).toMatchObject({ amount: 1_000, status: 'succeeded' });
    expect(await send('refund.created', retry)).toEqual(['applied']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'refunded' } });
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0 });
    await expectLedgerBalanced(server);
  });

  it('money a failed refund gives back after the hold ended is still released', async () => {
    const { channel, tipId, refund } = await refundedTip();

    // The hold ends while the refund is out: nothing of the tip is pending, so nothing is released.
    const afterHold = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    const job = server.app.services.tips.release;
    await job.releaseDue(afterHold);
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, tip_paid: 1 });

    // The refund fails: the money is back in pending, and the next run must release it.
    expect(await send('refund.failed', fake.failRefund(String(refund.id)))).toEqual(['applied']);
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 945, available: 0 });
    await job.releaseDue(afterHold);
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0, available: 945 });
    expect(await tipPostings(server, tipId)).toEqual({ hold_released: 1, refund: 1, refund_reversed: 1, tip_paid: 1 });
    await expectLedgerBalanced(server);
  });

  it('a dispute withdraws the money; won, every account gets it back', async () => {
    const { channel, tipId, intentId } = await paidTip();
    const before = await platformMoney(server, 'USD');

    const opened = fake.openDispute(intentId);
    expect(await send('charge.dispute.created', opened)).toEqual(['applied']);
    // funds_withdrawn reports the same withdrawal: recorded, not counted twice.
    expect(await send('charge.dispute.funds_withdrawn', opened)).toEqual(['ignored']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'disputed' } });
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0, available: 0 });
    expect((await platformMoney(server, 'USD')).fees - before.fees).toBe(-55);
    // An open dispute cannot be refunded on top.
    await expect(channel.owner.tips.refund(channel.slug, tipId)).rejects.toMatchObject({ code: 'TIP_NOT_REFUNDABLE' });

    expect(await send('charge.dispute.closed', fake.closeDispute(String(opened.id), 'won'))).toEqual(['applied']);
    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'succeeded' } });
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 945 });
    expect(await platformMoney(server, 'USD')).toEqual(before);
    expect(await tipPostings(server, tipId)).toEqual({ dispute_opened: 1, dispute_won: 1, tip_paid: 1 });
    await expectLedgerBalanced(server);
  });

  it("a lost dispute keeps the money gone and the platform absorbs Stripe's dispute fee", async () => {
    const { channel, tipId, intentId } = await paidTip();
    const before = await platformMoney(server, 'USD');

    const opened = fake.openDispute(intentId);
    expect(await send('charge.dispute.created', opened)).toEqual(['applied']);
    const lost = fake.closeDispute(String(opened.id), 'lost');
    expect(await send('charge.dispute.closed', lost)).toEqual(['applied']);
    expect(await send('charge.dispute.closed', lost)).toEqual(['stale']);

    expect(await server.client().tips.get(tipId)).toMatchObject({ tip: { status: 'dispute_lost' } });
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0, available: 0 });
    const after = await platformMoney(server, 'USD');
    expect(after.fees - before.fees).toBe(-55);
    expect(after.disputeLosses - before.disputeLosses).toBe(-FAKE_STRIPE_DISPUTE_FEE);
    expect(await tipPostings(server, tipId)).toEqual({ dispute_lost: 1, dispute_opened: 1, tip_paid: 1 });
    await expectLedgerBalanced(server);
  });
});

describe('the webhook endpoint of a Stripe-only server', () => {
  it('answers 404 in the standard shape for Cashfree, which is not configured here', async () => {
    const refused = await deliverRefused(server, 'cashfree', {
      body: Buffer.from('{"type":"PAYMENT_SUCCESS_WEBHOOK","data":{}}'),
      headers: { 'content-type': 'application/json', 'x-webhook-signature': 'x', 'x-webhook-timestamp': String(Date.now()) },
    });
    expect(refused).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
  });
});

describe('after every tip above', () => {
  it("every ledger transaction sums to zero and every tip's postings match its state", async () => {
    await expectLedgerBalanced(server);
    await expectTipLedgersMatchTips(server);
  });
});
