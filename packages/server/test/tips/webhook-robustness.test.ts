import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCashfree } from '../fakes/cashfree-fake';
import { cashfreeEvent, rupees } from '../fakes/cashfree-webhooks';
import { cashfreeClientFor, stripeClientFor } from '../fakes/clients';
import { FAKE_STRIPE_DISPUTE_FEE, FakeStripe } from '../fakes/stripe-fake';
import { signStripeDelivery } from '../fakes/stripe-webhooks';
import { startTestServer, type TestServer } from '../support/server';
import {
  cashfreeServerEnv,
  channelMoney,
  expectLedgerBalanced,
  expectTipLedgersMatchTips,
  platformMoney,
  recordedOutcomes,
  storedPaymentId,
  stripeServerEnv,
  type TipChannel,
  tipChannel,
  tipPostings,
  writeCounts,
} from '../support/tips';
import {
  cashfreeDelivery,
  type Delivery,
  deliver,
  deliverAccepted,
  deliverRefused,
  newStripeWebhookSecret,
  stripeDelivery,
  tampered,
} from '../support/webhook-delivery';

let stripe: FakeStripe;
let cashfree: FakeCashfree;
let server: TestServer;
let usd: TipChannel;
let inr: TipChannel;
/** Stripe signs with both secrets during a rotation; the server is configured with both, the new one last. */
const oldSecret = newStripeWebhookSecret();
const newSecret = newStripeWebhookSecret();

beforeAll(async () => {
  [stripe, cashfree] = await Promise.all([FakeStripe.start(), FakeCashfree.start()]);
  server = await startTestServer({
    ...stripeServerEnv(stripe, `${oldSecret},${newSecret}`),
    ...cashfreeServerEnv(cashfree),
    PLATFORM_FEE_BPS: '250',
    PLATFORM_FEE_FIXED: 'USD:30,INR:300',
  });
  usd = await tipChannel(server, 'USD', 'hooks');
  inr = await tipChannel(server, 'INR', 'hooks');
});
afterAll(async () => {
  await server?.close();
  await Promise.all([stripe?.close(), cashfree?.close()]);
});

const now = () => Math.floor(Date.now() / 1000);
const sorted = (outcomes: string[][]) => outcomes.flat().sort();

async function stripeTip(amount = 1_000) {
  const { tip } = await server.client().tips.create(usd.slug, { amount, currency: 'USD', displayName: 'Racer', provider: 'stripe' });
  const intentId = await storedPaymentId(server, tip.id);
  if (!intentId) throw new Error('the tip has no PaymentIntent');
  return { tipId: tip.id, intentId };
}

async function cashfreeTip(amount = 50_000) {
  const { tip } = await server.client().tips.create(inr.slug, { amount, currency: 'INR', displayName: 'Racer', provider: 'cashfree' });
  const orderId = await storedPaymentId(server, tip.id);
  if (!orderId) throw new Error('the tip has no Cashfree order');
  return { tipId: tip.id, orderId };
}

const signedStripe = (type: string, object: Record<string, unknown>, options: Parameters<typeof stripeDelivery>[3] = {}) =>
  stripeDelivery(newSecret, type, object, options);
const signedCashfree = (event: unknown, options: { timestampMs?: number } = {}) => cashfreeDelivery(cashfree.clientSecret, event, options);

const status = async (tipId: string) => (await server.client().tips.get(tipId)).tip.status;

/** How many chat messages and alerts a tip produced: one each once paid, however often it was reported. */
async function tipArtifacts(tipId: string) {
  const [row] = await server.app.sql<{ messages: number; alerts: number }[]>`
    select (select count(*)::int from chat_messages where tip_id = ${tipId}) as messages,
      (select count(*)::int from alerts where tip_id = ${tipId}) as alerts`;
  return row;
}

/** Delivers and expects a 400 WEBHOOK_SIGNATURE_INVALID for `reason`, with nothing written anywhere. */
async function expectSignatureRefused(provider: 'stripe' | 'cashfree', delivery: Delivery, reason: string) {
  const before = await writeCounts(server);
  const refused = await deliverRefused(server, provider, delivery);
  expect(refused).toEqual({
    status: 400,
    error: { code: 'WEBHOOK_SIGNATURE_INVALID', message: expect.any(String), details: { reason } },
  });
  expect(await writeCounts(server)).toEqual(before);
}

describe('the same delivery three times at once', () => {
  it('Stripe: one applied, two duplicates, one posting, one chat message and one alert', async () => {
    const { tipId, intentId } = await stripeTip();
    const delivery = signedStripe('payment_intent.succeeded', stripe.succeedPaymentIntent(intentId));
    const outcomes = await Promise.all([1, 2, 3].map(() => deliverAccepted(server, 'stripe', delivery)));
    expect(sorted(outcomes)).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
    expect(await tipArtifacts(tipId)).toEqual({ messages: 1, alerts: 1 });

    await usd.owner.tips.refund(usd.slug, tipId);
    const [refund] = stripe.refundsOf(intentId);
    if (!refund) throw new Error('the fake has no refund');
    const refundDelivery = signedStripe('refund.created', refund);
    const refundOutcomes = await Promise.all([1, 2, 3].map(() => deliverAccepted(server, 'stripe', refundDelivery)));
    expect(sorted(refundOutcomes)).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, tip_paid: 1 });
    expect(await status(tipId)).toBe('refunded');
  });

  it("Stripe: many tips of one channel paid at the same moment each apply once, in the channel's order", async () => {
    const tips = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(() => stripeTip()));
    const pendingBefore = (await channelMoney(server, usd.id, 'USD')).pending;
    const deliveries = tips.map(({ intentId }) => signedStripe('payment_intent.succeeded', stripe.succeedPaymentIntent(intentId)));
    // Each delivery twice, all at once: the duplicates race the originals as well as each other.
    const outcomes = await Promise.all([...deliveries, ...deliveries].map((delivery) => deliverAccepted(server, 'stripe', delivery)));
    expect(sorted(outcomes)).toEqual([...Array(8).fill('applied'), ...Array(8).fill('duplicate')].sort());
    expect((await channelMoney(server, usd.id, 'USD')).pending - pendingBefore).toBe(8 * 945);
    const messages = await server.app.sql<{ seq: number }[]>`
      select seq from chat_messages where tip_id in ${server.app.sql(tips.map((t) => t.tipId))} order by seq`;
    expect(new Set(messages.map((m) => m.seq)).size).toBe(8);
    for (const { tipId } of tips) expect(await tipArtifacts(tipId)).toEqual({ messages: 1, alerts: 1 });
  });

  it('Cashfree: one applied, two duplicates, one posting', async () => {
    const { tipId, orderId } = await cashfreeTip();
    // Cashfree's retries are new deliveries of the same fact: a new attempt number and timestamp, so new bytes.
    const event = cashfree.paymentWebhook(cashfree.pay(orderId));
    const deliveries = [1, 2, 3].map((attempt) =>
      cashfreeDelivery(cashfree.clientSecret, event, { attempt, timestampMs: Date.now() + attempt }),
    );
    const outcomes = await Promise.all(deliveries.map((delivery) => deliverAccepted(server, 'cashfree', delivery)));
    expect(sorted(outcomes)).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
    expect(await tipArtifacts(tipId)).toEqual({ messages: 1, alerts: 1 });
    expect(await channelMoney(server, inr.id, 'INR')).toMatchObject({ pending: expect.any(Number) });
  });
});

describe('events out of order', () => {
  it('Stripe: a refund before the success waits, then both apply', async () => {
    const { tipId, intentId } = await stripeTip();
    const paidObject = stripe.succeedPaymentIntent(intentId);
    // A refund made in Stripe's dashboard, reported before the success.
    const refund = await stripeClientFor(stripe).refunds.create({ payment_intent: intentId, amount: 400 });
    const pendingBefore = (await channelMoney(server, usd.id, 'USD')).pending;

    expect(await deliverAccepted(server, 'stripe', signedStripe('refund.created', refund as unknown as Record<string, unknown>))).toEqual([
      'deferred',
    ]);
    expect(await status(tipId)).toBe('pending');
    expect(await tipPostings(server, tipId)).toEqual({});

    expect(await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', paidObject))).toEqual(['applied']);
    expect(await recordedOutcomes(server, tipId)).toEqual([
      { kind: 'refund', outcome: 'applied' },
      { kind: 'payment_succeeded', outcome: 'applied' },
    ]);
    expect(await status(tipId)).toBe('partially_refunded');
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, tip_paid: 1 });
    // Paid 945 net; 400 of 1000 back: the fee returns 22 of its 55, the streamer 378.
    expect((await channelMoney(server, usd.id, 'USD')).pending - pendingBefore).toBe(945 - 378);
  });

  it('Stripe: a dispute opened and lost before the success arrive in any order and settle once it is paid', async () => {
    const { tipId, intentId } = await stripeTip();
    const paidObject = stripe.succeedPaymentIntent(intentId);
    const opened = stripe.openDispute(intentId);
    const lost = stripe.closeDispute(String(opened.id), 'lost');
    const before = await platformMoney(server, 'USD');

    // Closed first, then opened, then paid: each waits for what it depends on.
    expect(await deliverAccepted(server, 'stripe', signedStripe('charge.dispute.closed', lost))).toEqual(['deferred']);
    expect(await deliverAccepted(server, 'stripe', signedStripe('charge.dispute.created', opened))).toEqual(['deferred']);
    expect(await tipPostings(server, tipId)).toEqual({});
    expect(await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', paidObject))).toEqual(['applied']);

    expect((await recordedOutcomes(server, tipId)).map((e) => e.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(await status(tipId)).toBe('dispute_lost');
    expect(await tipPostings(server, tipId)).toEqual({ dispute_lost: 1, dispute_opened: 1, tip_paid: 1 });
    const after = await platformMoney(server, 'USD');
    expect(after.disputeLosses - before.disputeLosses).toBe(-FAKE_STRIPE_DISPUTE_FEE);
    expect(after.fees - before.fees).toBe(0);
  });

  it('Stripe: a refund and the success delivered at the same moment apply both, in either order', async () => {
    const { tipId, intentId } = await stripeTip();
    const paidObject = stripe.succeedPaymentIntent(intentId);
    const refund = await stripeClientFor(stripe).refunds.create({ payment_intent: intentId });
    const outcomes = await Promise.all([
      deliverAccepted(server, 'stripe', signedStripe('refund.created', refund as unknown as Record<string, unknown>)),
      deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', paidObject)),
    ]);
    expect(outcomes.flat()).toContain('applied');
    expect((await recordedOutcomes(server, tipId)).map((e) => e.outcome)).toEqual(['applied', 'applied']);
    expect(await status(tipId)).toBe('refunded');
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, tip_paid: 1 });
  });

  it('Stripe: a refund reported failed before it was reported created never takes the money', async () => {
    const { tipId, intentId } = await stripeTip();
    await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', stripe.succeedPaymentIntent(intentId)));
    const pendingBefore = (await channelMoney(server, usd.id, 'USD')).pending;
    const created = stripe.refund(String((await stripeClientFor(stripe).refunds.create({ payment_intent: intentId })).id));
    const failed = stripe.failRefund(String(created.id));

    expect(await deliverAccepted(server, 'stripe', signedStripe('refund.failed', failed))).toEqual(['applied']);
    // refund.created carries the refund as it was when created: succeeded. It is older news than the failure.
    expect(await deliverAccepted(server, 'stripe', signedStripe('refund.created', created))).toEqual(['stale']);
    expect(await status(tipId)).toBe('succeeded');
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
    expect((await channelMoney(server, usd.id, 'USD')).pending).toBe(pendingBefore);
  });

  it('Stripe: a deferred refund larger than the tip is rejected when the success arrives, and moves no money', async () => {
    const { tipId, intentId } = await stripeTip();
    const paidObject = stripe.succeedPaymentIntent(intentId);
    const [real] = [await stripeClientFor(stripe).refunds.create({ payment_intent: intentId, amount: 100 })];
    const inflated = { ...(real as unknown as Record<string, unknown>), amount: 5_000 };
    expect(await deliverAccepted(server, 'stripe', signedStripe('refund.created', inflated))).toEqual(['deferred']);
    expect(await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', paidObject))).toEqual(['applied']);
    expect(await recordedOutcomes(server, tipId)).toEqual([
      { kind: 'refund', outcome: 'rejected' },
      { kind: 'payment_succeeded', outcome: 'applied' },
    ]);
    expect(await status(tipId)).toBe('succeeded');
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
  });

  it('Cashfree: a refund before the success waits, then both apply', async () => {
    const { tipId, orderId } = await cashfreeTip();
    const cfPaymentId = cashfree.pay(orderId);
    // A refund made in Cashfree's merchant dashboard, reported before the success: ₹100 of ₹500.
    await cashfreeClientFor(cashfree).PGOrderCreateRefund(orderId, { refund_amount: 100, refund_id: `dash_${tipId.slice(0, 8)}` });
    const pendingBefore = (await channelMoney(server, inr.id, 'INR')).pending;

    expect(await deliverAccepted(server, 'cashfree', signedCashfree(cashfree.refundWebhook(orderId, `dash_${tipId.slice(0, 8)}`)))).toEqual(
      ['deferred'],
    );
    expect(await status(tipId)).toBe('pending');
    expect(await deliverAccepted(server, 'cashfree', signedCashfree(cashfree.paymentWebhook(cfPaymentId)))).toEqual(['applied']);

    expect((await recordedOutcomes(server, tipId)).map((e) => e.outcome)).toEqual(['applied', 'applied']);
    expect(await status(tipId)).toBe('partially_refunded');
    expect(await tipPostings(server, tipId)).toEqual({ refund: 1, tip_paid: 1 });
    // Net 48 450; a fifth of the gross back returns a fifth of the 1550 fee (310): the streamer gives 9690.
    expect((await channelMoney(server, inr.id, 'INR')).pending - pendingBefore).toBe(48_450 - 9_690);
  });
});

describe('a failure while recording what became of a delivery', () => {
  it('Stripe: the whole delivery rolls back and is answered 500, with events to publish or none; the retry applies once', async () => {
    const { tipId, intentId } = await stripeTip();
    const tag = `evt_record_fails_${tipId.slice(0, 8)}`;
    // A payment (its tip, money, message, alert and events) and an event tipchat only records (no channel events).
    const payment = signedStripe('payment_intent.succeeded', stripe.succeedPaymentIntent(intentId), { eventId: `${tag}_paid` });
    const recordedOnly = signedStripe('charge.succeeded', { id: `ch_${tag}`, payment_intent: intentId }, { eventId: `${tag}_charge` });
    // The outcome's record is sent with the transaction's COMMIT; Postgres answers a COMMIT after a failed statement
    // by rolling back, without an error: the failure must still reach the provider as a 5xx, so it retries.
    await server.app.sql.unsafe(`
      create function fail_recording() returns trigger language plpgsql as $$
      begin raise exception 'recording refused for this test'; end $$;
      create trigger fail_recording before update on provider_events
        for each row when (new.event_id like '${tag}%') execute function fail_recording();`);
    const before = await writeCounts(server);
    try {
      for (const delivery of [payment, recordedOnly]) {
        const answer = await deliver(server, 'stripe', delivery);
        expect(answer).toMatchObject({ status: 500, body: { error: { code: expect.any(String), message: expect.any(String) } } });
      }
    } finally {
      await server.app.sql.unsafe('drop trigger fail_recording on provider_events; drop function fail_recording();');
    }
    expect(await writeCounts(server)).toEqual(before);
    expect(await status(tipId)).toBe('pending');
    expect(await tipPostings(server, tipId)).toEqual({});

    // Stripe retries a 5xx: now each applies, once.
    expect(await deliverAccepted(server, 'stripe', payment)).toEqual(['applied']);
    expect(await deliverAccepted(server, 'stripe', recordedOnly)).toEqual(['ignored']);
    expect(await status(tipId)).toBe('succeeded');
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
    expect(await tipArtifacts(tipId)).toEqual({ messages: 1, alerts: 1 });
    expect(await recordedOutcomes(server, tipId)).toEqual([
      { kind: 'payment_succeeded', outcome: 'applied' },
      { kind: 'ignored', outcome: 'ignored' },
    ]);
  });
});

describe('deliveries that are not what the provider signed', () => {
  it('Stripe: forged, stale, future and tampered deliveries are refused and write nothing; the genuine one still applies', async () => {
    const { tipId, intentId } = await stripeTip();
    const object = stripe.succeedPaymentIntent(intentId);
    const event = { eventId: `evt_${tipId.replaceAll('-', '')}` };

    await expectSignatureRefused(
      'stripe',
      signedStripe('payment_intent.succeeded', object, { ...event, signWith: newStripeWebhookSecret() }),
      'signature_mismatch',
    );
    await expectSignatureRefused(
      'stripe',
      signedStripe('payment_intent.succeeded', object, { ...event, timestampSeconds: now() - 3_600 }),
      'stale_timestamp',
    );
    await expectSignatureRefused(
      'stripe',
      signedStripe('payment_intent.succeeded', object, { ...event, timestampSeconds: now() + 3_600 }),
      'future_timestamp',
    );
    const genuine = signedStripe('payment_intent.succeeded', object, event);
    const cheaper = tampered(genuine, (body) => body.replace('"amount_received": 1000', '"amount_received": 1'));
    await expectSignatureRefused('stripe', cheaper, 'signature_mismatch');
    const unsigned = { body: genuine.body, headers: { 'content-type': 'application/json' } };
    await expectSignatureRefused('stripe', unsigned, 'missing_header');
    expect(await status(tipId)).toBe('pending');
    expect(await tipPostings(server, tipId)).toEqual({});

    expect(await deliverAccepted(server, 'stripe', genuine)).toEqual(['applied']);
    // Replayed inside the window: verified again, applied never again.
    expect(await deliverAccepted(server, 'stripe', genuine)).toEqual(['duplicate']);
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
  });

  it('Stripe: a delivery signed only with the rotated-in secret is accepted, one with the old secret too', async () => {
    const { tipId, intentId } = await stripeTip();
    const object = stripe.succeedPaymentIntent(intentId);
    expect(await deliverAccepted(server, 'stripe', stripeDelivery(oldSecret, 'payment_intent.succeeded', object))).toEqual(['applied']);
    expect(
      await deliverAccepted(server, 'stripe', stripeDelivery(newSecret, 'charge.succeeded', { id: 'ch_x', payment_intent: intentId })),
    ).toEqual(['ignored']);
    expect(await status(tipId)).toBe('succeeded');
  });

  it('Cashfree: forged, stale, future and tampered deliveries are refused and write nothing; the genuine one still applies', async () => {
    const { tipId, orderId } = await cashfreeTip();
    const event = cashfree.paymentWebhook(cashfree.pay(orderId));

    await expectSignatureRefused('cashfree', cashfreeDelivery('cfsk_ma_test_someone_else', event), 'signature_mismatch');
    await expectSignatureRefused('cashfree', signedCashfree(event, { timestampMs: Date.now() - 2 * 3_600_000 }), 'stale_timestamp');
    await expectSignatureRefused('cashfree', signedCashfree(event, { timestampMs: Date.now() + 3_600_000 }), 'future_timestamp');
    const genuine = signedCashfree(event);
    const cheaper = tampered(genuine, (body) => body.replace('"payment_amount":500.00', '"payment_amount":5.00'));
    await expectSignatureRefused('cashfree', cheaper, 'signature_mismatch');
    // Re-serialised JSON (500.00 → 500) is not what Cashfree signed either.
    const reserialised = tampered(genuine, (body) => JSON.stringify(JSON.parse(body)));
    await expectSignatureRefused('cashfree', reserialised, 'signature_mismatch');
    expect(await status(tipId)).toBe('pending');

    expect(await deliverAccepted(server, 'cashfree', genuine)).toEqual(['applied']);
    expect(await deliverAccepted(server, 'cashfree', genuine)).toEqual(['duplicate']);
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
  });
});

/**
 * A refused contradiction writes none of the event's effects: only its review row (counted apart) and the staff
 * event that tells the channel of it.
 */
async function expectOnlyFlagged(before: Awaited<ReturnType<typeof writeCounts>>, tipId: string, flags = 1) {
  expect(await writeCounts(server)).toEqual({ ...before, channelEvents: before.channelEvents + flags });
  const [row] = await server.app.sql<{ n: number }[]>`
    select count(*)::int as n from provider_event_reviews where tip_id = ${tipId} and reason = 'payment_mismatch'`;
  expect(row?.n).toBeGreaterThan(0);
}

describe('deliveries that are signed but do not match the tip', () => {
  it('Stripe: another amount or currency is a 422 PAYMENT_MISMATCH; the tip stays pending and only the flag is written', async () => {
    const { tipId, intentId } = await stripeTip();
    const object = stripe.succeedPaymentIntent(intentId);
    for (const wrong of [{ amount: 100, amount_received: 100 }, { currency: 'eur' }]) {
      const before = await writeCounts(server);
      const refused = await deliverRefused(server, 'stripe', signedStripe('payment_intent.succeeded', { ...object, ...wrong }));
      expect(refused).toMatchObject({ status: 422, error: { code: 'PAYMENT_MISMATCH', details: { tipId } } });
      await expectOnlyFlagged(before, tipId);
    }
    expect(await status(tipId)).toBe('pending');
    expect(await tipPostings(server, tipId)).toEqual({});
    expect(await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', object))).toEqual(['applied']);
  });

  it('Stripe: a refund of more than is left is a 422 and moves nothing', async () => {
    const { tipId, intentId } = await stripeTip();
    await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', stripe.succeedPaymentIntent(intentId)));
    const refund = await stripeClientFor(stripe).refunds.create({ payment_intent: intentId, amount: 100 });
    const before = await writeCounts(server);
    const inflated = { ...(refund as unknown as Record<string, unknown>), amount: 1_001 };
    expect(await deliverRefused(server, 'stripe', signedStripe('refund.created', inflated))).toMatchObject({
      status: 422,
      error: { code: 'PAYMENT_MISMATCH' },
    });
    await expectOnlyFlagged(before, tipId);
    expect(await tipPostings(server, tipId)).toEqual({ tip_paid: 1 });
  });

  it('Cashfree: a smaller amount is a 422 PAYMENT_MISMATCH; the tip stays pending and only the flag is written', async () => {
    const { tipId, orderId } = await cashfreeTip();
    const event = cashfree.paymentWebhook(cashfree.pay(orderId));
    const payment = event.data.payment as Record<string, unknown>;
    const wrong = { ...event, data: { ...event.data, payment: { ...payment, payment_amount: rupees(100) } } };
    const before = await writeCounts(server);
    expect(await deliverRefused(server, 'cashfree', signedCashfree(wrong))).toMatchObject({
      status: 422,
      error: { code: 'PAYMENT_MISMATCH', details: { tipId, received: { amount: 100, currency: 'INR' } } },
    });
    await expectOnlyFlagged(before, tipId);
    expect(await status(tipId)).toBe('pending');
    expect(await deliverAccepted(server, 'cashfree', signedCashfree(event))).toEqual(['applied']);
  });

  it('Stripe: a payment whose metadata names another tip pays the tip its PaymentIntent belongs to, and only it', async () => {
    const paid = await stripeTip();
    const other = await cashfreeTip();
    const claimingOther = { ...stripe.succeedPaymentIntent(paid.intentId), metadata: { tip_id: other.tipId, channel_id: inr.id } };
    // The claim sends the event to the other tip's channel and locks; the tip found by payment id wins, applied once.
    const delivery = signedStripe('payment_intent.succeeded', claimingOther);
    expect(sorted(await Promise.all([1, 2].map(() => deliverAccepted(server, 'stripe', delivery))))).toEqual(['applied', 'duplicate']);
    expect(await status(paid.tipId)).toBe('succeeded');
    expect(await tipPostings(server, paid.tipId)).toEqual({ tip_paid: 1 });
    expect(await status(other.tipId)).toBe('pending');
    expect(await tipPostings(server, other.tipId)).toEqual({});

    // A payment that is not ours claiming one of our tips changes nothing of it.
    const claimed = await stripeTip();
    const before = await writeCounts(server);
    const foreign = {
      id: 'pi_claims_a_tip',
      object: 'payment_intent',
      amount: 1_000,
      currency: 'usd',
      metadata: { tip_id: claimed.tipId, channel_id: usd.id },
    };
    expect(await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', foreign))).toEqual(['unknown_payment']);
    // Another tipchat on the same Stripe account: its ids name no tip and no channel here.
    const elsewhere = { ...foreign, id: 'pi_of_another_tipchat', metadata: { tip_id: randomUUID(), channel_id: randomUUID() } };
    expect(await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', elsewhere))).toEqual(['unknown_payment']);
    expect(await writeCounts(server)).toEqual({ ...before, providerEvents: before.providerEvents + 2 });
    expect(await status(claimed.tipId)).toBe('pending');
  });

  it('a payment that is not ours is acknowledged as unknown_payment and changes no money', async () => {
    const before = await writeCounts(server);
    const foreignIntent = {
      id: 'pi_not_a_tipchat_payment',
      object: 'payment_intent',
      amount: 1_000,
      amount_received: 1_000,
      currency: 'usd',
    };
    expect(await deliverAccepted(server, 'stripe', signedStripe('payment_intent.succeeded', foreignIntent))).toEqual(['unknown_payment']);
    const foreignOrder = cashfreeEvent('PAYMENT_SUCCESS_WEBHOOK', {
      order: { order_id: 'order_from_another_shop', order_amount: rupees(100), order_currency: 'INR' },
      payment: { cf_payment_id: '5114910000001', payment_status: 'SUCCESS', payment_amount: rupees(100), payment_currency: 'INR' },
    });
    expect(await deliverAccepted(server, 'cashfree', signedCashfree(foreignOrder))).toEqual(['unknown_payment']);
    const after = await writeCounts(server);
    // Recorded for the logs; nothing else.
    expect(after).toEqual({ ...before, providerEvents: before.providerEvents + 2 });
  });
});

describe('requests the webhook endpoint does not take', () => {
  it('answers 415 in the standard shape for a body that is not JSON', async () => {
    const genuine = signedStripe('payment_intent.succeeded', { id: 'pi_x' });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await deliver(server, 'stripe', { body: genuine.body, headers: { ...genuine.headers, 'content-type': contentType } });
      expect(answer).toEqual({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) } } });
    }
    const { 'content-type': _, ...withoutType } = genuine.headers;
    expect(await deliver(server, 'stripe', { body: genuine.body, headers: withoutType })).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } },
    });
  });

  it('refuses an empty or oversized body in the standard shape, writing nothing', async () => {
    const before = await writeCounts(server);
    const empty = signStripeDelivery(null, { secrets: [newSecret], body: '' });
    expect(await deliverRefused(server, 'stripe', empty)).toMatchObject({
      status: 400,
      error: { code: 'WEBHOOK_SIGNATURE_INVALID', details: { reason: 'unparsable_body' } },
    });
    const huge = signedStripe('payment_intent.succeeded', { id: 'pi_x', padding: 'x'.repeat(600 * 1024) });
    expect(await deliverRefused(server, 'stripe', huge)).toMatchObject({ status: 413, error: { code: 'PAYLOAD_TOO_LARGE' } });
    // Signed, but not an event tipchat can read: refused, so Stripe sends it again rather than it being lost.
    const unreadable = signedStripe('payment_intent.succeeded', { id: 'pi_x', amount: 'ten dollars', currency: 'usd' });
    expect(await deliverRefused(server, 'stripe', unreadable)).toMatchObject({
      status: 400,
      error: { code: 'WEBHOOK_SIGNATURE_INVALID', details: { reason: 'unparsable_body' } },
    });
    expect(await writeCounts(server)).toEqual(before);
  });
});

describe('after every delivery above, in whatever order and number', () => {
  it("every ledger transaction sums to zero and every tip's postings match its state", async () => {
    await expectLedgerBalanced(server);
    await expectTipLedgersMatchTips(server);
  });
});
