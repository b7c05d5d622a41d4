import type { ProviderEventReview, TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStripe } from '../fakes/stripe-fake';
import { signUpVerified } from '../support/accounts';
import { adminCall, adminClient, listedReviews, reviewsOfTip } from '../support/reviews';
import { startTestServer, type TestServer } from '../support/server';
import { expectLedgerBalanced, storedPaymentId, stripeServerEnv, tipChannel, tipPostings } from '../support/tips';
import { deliverAccepted, newStripeWebhookSecret, stripeDelivery } from '../support/webhook-delivery';

/*
 * A server with a LIVE Stripe key (the fake answers to `sk_live_…`): test-mode events are refused and kept for
 * review, and the admin review API lists and resolves them — for admins only.
 */

let stripe: FakeStripe;
let server: TestServer;
let admin: TipchatClient;
const webhookSecret = newStripeWebhookSecret();

beforeAll(async () => {
  stripe = await FakeStripe.start({ live: true });
  server = await startTestServer({ ...stripeServerEnv(stripe, webhookSecret), STRIPE_PUBLISHABLE_KEY: 'pk_live_tipchatfake' });
  admin = await adminClient(server);
});
afterAll(async () => {
  await server?.close();
  await stripe?.close();
});

async function livePaidLater() {
  const channel = await tipChannel(server, 'USD', 'live');
  const { tip } = await server
    .client()
    .tips.create(channel.slug, { amount: 1_000, currency: 'USD', displayName: 'Fan', provider: 'stripe' });
  const intentId = await storedPaymentId(server, tip.id);
  if (!intentId) throw new Error('the tip has no PaymentIntent');
  return { channel, tipId: tip.id, intentId, object: stripe.succeedPaymentIntent(intentId) };
}

describe('a server with a live Stripe key', () => {
  it('refuses a correctly signed test-mode event with 200 refused, applies nothing, and keeps it for review', async () => {
    expect(stripe.apiKey).toMatch(/^sk_live_/);
    const { channel, tipId, intentId, object } = await livePaidLater();
    const testMode = stripeDelivery(webhookSecret, 'payment_intent.succeeded', object, { livemode: false });

    expect(await deliverAccepted(server, 'stripe', testMode)).toEqual(['refused']);
    // Stripe's own retry of the same event: recorded once, nothing more.
    expect(await deliverAccepted(server, 'stripe', testMode)).toEqual(['duplicate']);
    expect((await server.client().tips.get(tipId)).tip.status).toBe('pending');
    expect(await tipPostings(server, tipId)).toEqual({});
    expect(await reviewsOfTip(server, admin, tipId)).toEqual([
      expect.objectContaining({
        provider: 'stripe',
        providerType: 'payment_intent.succeeded',
        reason: 'livemode_mismatch',
        paymentId: intentId,
        channelId: channel.id,
        deliveries: 1,
        payload: expect.objectContaining({ livemode: false, data: { object: expect.objectContaining({ id: intentId }) } }),
      }),
    ]);

    // The live event pays the tip.
    expect(
      await deliverAccepted(server, 'stripe', stripeDelivery(webhookSecret, 'payment_intent.succeeded', object, { livemode: true })),
    ).toEqual(['applied']);
    expect((await server.client().tips.get(tipId)).tip.status).toBe('succeeded');
    await expectLedgerBalanced(server);
  });
});

describe('the admin review API', () => {
  it('is for admins only: 401 without a session, 403 for a streamer, whatever the input', async () => {
    const streamer = server.client();
    await signUpVerified(streamer);
    expect(await adminCall(server, null, 'GET', '')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    expect(await adminCall(server, streamer, 'GET', '?status=open')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await adminCall(server, streamer, 'POST', '/not-a-uuid/resolve', {})).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
  });

  it('lists open reviews, resolves one with a note (once), then lists it as resolved', async () => {
    const { tipId, object } = await livePaidLater();
    expect(
      await deliverAccepted(server, 'stripe', stripeDelivery(webhookSecret, 'payment_intent.succeeded', object, { livemode: false })),
    ).toEqual(['refused']);
    const [review] = await reviewsOfTip(server, admin, tipId);
    if (!review) throw new Error('no review for the refused event');

    const resolved = await adminCall(server, admin, 'POST', `/${review.id}/resolve`, { note: 'test endpoint pointed at prod; fixed' });
    expect(resolved).toMatchObject({
      status: 200,
      body: { id: review.id, note: 'test endpoint pointed at prod; fixed', resolvedAt: expect.any(String), resolvedBy: expect.any(String) },
    });
    expect((await listedReviews(server, admin)).map((r) => r.id)).not.toContain(review.id);
    const done = await listedReviews(server, admin, 'resolved');
    expect(done.find((r) => r.id === review.id)).toMatchObject({
      reason: 'livemode_mismatch',
      note: 'test endpoint pointed at prod; fixed',
    });

    // Resolving again keeps the first note.
    expect(await adminCall(server, admin, 'POST', `/${review.id}/resolve`, { note: 'again' })).toMatchObject({
      status: 409,
      body: { error: { code: 'REVIEW_ALREADY_RESOLVED' } },
    });
    expect((await listedReviews(server, admin, 'resolved')).find((r: ProviderEventReview) => r.id === review.id)?.note).toBe(
      'test endpoint pointed at prod; fixed',
    );
  });

  it('answers bad input with a 4xx in the standard shape', async () => {
    expect(await adminCall(server, admin, 'GET', '?status=everything')).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(await adminCall(server, admin, 'POST', '/not-a-uuid/resolve', { note: 'x' })).toMatchObject({ status: 400 });
    expect(await adminCall(server, admin, 'POST', `/${crypto.randomUUID()}/resolve`, { note: 'x' })).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    const [any] = await listedReviews(server, admin, 'resolved');
    expect(await adminCall(server, admin, 'POST', `/${any?.id ?? crypto.randomUUID()}/resolve`, { note: '' })).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
  });
});
