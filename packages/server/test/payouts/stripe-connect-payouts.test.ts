import { describe, expect, it } from 'vitest';
import { parseStripeForm } from '../fakes/stripe-form';
import { caught } from '../support/errors';
import { eventually } from '../support/realtime';
import { deliver } from '../support/webhook-delivery';
import {
  buckets,
  connectDelivery,
  connectedStripeAccount,
  DASHBOARD,
  deliverConnect,
  expectLedgerBalanced,
  minutesFromNow,
  newFundedPayee,
  payee,
  payoutPostings,
  payoutWrites,
  storedPayout,
  usePayoutWorld,
} from './payout-fixtures';

// Payouts outside India: the streamer onboards with Stripe Connect (Express), Stripe enables the account by
// account.updated, and a payout is a transfer from the platform balance to it, all through the SDK against the fake.

const world = usePayoutWorld();

const urls = { returnUrl: `${DASHBOARD}/payouts/done`, refreshUrl: `${DASHBOARD}/payouts/again` };
const transferBodies = () =>
  world.stripe.requestsTo('POST', '/v1/transfers').map((r) => ({ body: parseStripeForm(r.body), key: r.headers['idempotency-key'] }));

const fundedPayee = (gross = [20_000, 20_000]) => newFundedPayee(world.server, 'USD', gross);

describe('Stripe Connect onboarding', () => {
  it('creates one Express account per channel, however often it is asked, with a fresh onboarding link each time', async () => {
    const streamer = await payee(world.server, 'USD');
    const accountsBefore = world.stripe.connect.accountCount();
    const [first, second] = await Promise.all([
      streamer.client.payouts.startStripeOnboarding(urls),
      streamer.client.payouts.startStripeOnboarding(urls),
    ]);
    expect(first.account).toEqual({
      stripeAccountId: expect.stringMatching(/^acct_/),
      chargesEnabled: false,
      payoutsEnabled: false,
      detailsSubmitted: false,
      requirements: expect.arrayContaining(['external_account']),
    });
    expect(second.account.stripeAccountId).toBe(first.account.stripeAccountId);
    expect(world.stripe.connect.accountCount() - accountsBefore).toBe(1);
    expect(first.onboardingUrl).toMatch(/^https:\/\/connect\.stripe\.com\/setup\/e\/acct_/);
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());

    const created = world.stripe.requestsTo('POST', '/v1/accounts').at(-1);
    expect(created?.headers['idempotency-key']).toBe(`connect:${streamer.channelId}`);
    expect(parseStripeForm(created?.body ?? '')).toMatchObject({
      type: 'express',
      capabilities: { transfers: { requested: 'true' } },
      metadata: { channel_id: streamer.channelId },
    });
    const link = parseStripeForm(world.stripe.requestsTo('POST', '/v1/account_links').at(-1)?.body ?? '');
    expect(link).toEqual({
      account: first.account.stripeAccountId,
      type: 'account_onboarding',
      return_url: urls.returnUrl,
      refresh_url: urls.refreshUrl,
    });

    // Stripe finishes the onboarding and says so: the account can be paid.
    const outcomes = await deliverConnect(world, 'account.updated', world.stripe.connect.completeOnboarding(first.account.stripeAccountId));
    expect(outcomes).toEqual(['applied']);
    expect(await streamer.client.payouts.stripeAccount()).toEqual({
      stripeAccountId: first.account.stripeAccountId,
      chargesEnabled: true,
      payoutsEnabled: true,
      detailsSubmitted: true,
      requirements: [],
    });
  });

  it('keeps the newest account.updated: an older one delivered late is stale, a redelivery a duplicate', async () => {
    const streamer = await payee(world.server, 'USD');
    const accountId = await connectedStripeAccount(world, streamer);
    const now = Math.floor(Date.now() / 1000);
    const restricted = world.stripe.connect.restrict(accountId);
    expect(await deliverConnect(world, 'account.updated', restricted, { eventId: 'evt_restricted_1', createdAt: now + 5 })).toEqual([
      'applied',
    ]);
    expect(await deliverConnect(world, 'account.updated', restricted, { eventId: 'evt_restricted_1', createdAt: now + 5 })).toEqual([
      'duplicate',
    ]);
    const enabledEarlier = { ...restricted, payouts_enabled: true, charges_enabled: true, requirements: { currently_due: [] } };
    expect(await deliverConnect(world, 'account.updated', enabledEarlier, { createdAt: now - 60 })).toEqual(['stale']);
    expect(await streamer.client.payouts.stripeAccount()).toMatchObject({
      payoutsEnabled: false,
      requirements: ['individual.verification.document'],
    });
  });

  it('stores an account whose account.updated overtakes the answer to its creation, from its metadata', async () => {
    const streamer = await payee(world.server, 'USD');
    // Stripe created the account (our request's answer is still on its way) and already reports on it.
    world.stripe.hang({ processed: true, path: '/v1/accounts' });
    const onboarding = streamer.client.payouts.startStripeOnboarding(urls).catch((error: unknown) => error);
    await eventually(() =>
      expect(world.stripe.requestsTo('POST', '/v1/accounts').filter((r) => r.body.includes(streamer.channelId)).length).toBeGreaterThan(0),
    );
    const account = world.stripe.connect
      .allAccounts()
      .find((a) => (a.metadata as Record<string, string>).channel_id === streamer.channelId);
    expect(account).toBeDefined();
    expect(await deliverConnect(world, 'account.updated', world.stripe.connect.completeOnboarding(String(account?.id)))).toEqual([
      'applied',
    ]);
    expect(await streamer.client.payouts.stripeAccount()).toMatchObject({ stripeAccountId: account?.id, payoutsEnabled: true });
    // The library retries the creation with the same idempotency key and gets the same account.
    const answer = await onboarding;
    expect(answer).toMatchObject({ account: { stripeAccountId: account?.id, payoutsEnabled: true } });
  }, 60_000);

  it('refuses return and refresh URLs outside the dashboard, and answers 404 before there is an account', async () => {
    const streamer = await payee(world.server, 'USD');
    const error = await caught(streamer.client.payouts.startStripeOnboarding({ ...urls, returnUrl: 'https://evil.example/steal' }));
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.returnUrl', message: `Must be on ${DASHBOARD}` }],
    });
    expect(await caught(streamer.client.payouts.stripeAccount())).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('a payout to a connected account', () => {
  it('is a transfer keyed by our transfer id: succeeded at once, paid out in the ledger', async () => {
    const { streamer, released } = await fundedPayee();
    expect(released).toBe(38_000);
    const accountId = await connectedStripeAccount(world, streamer);

    const payout = await streamer.client.payouts.requestPayout({ currency: 'USD', amount: 30_000 });
    expect(payout).toMatchObject({
      rail: 'stripe',
      beneficiaryId: null,
      amount: 30_000,
      status: 'succeeded',
      providerReference: expect.stringMatching(/^tr_/),
    });
    expect(transferBodies().at(-1)).toEqual({
      key: payout.transferId,
      body: {
        amount: '30000',
        currency: 'usd',
        destination: accountId,
        transfer_group: payout.transferId,
        description: `tipchat payout ${payout.transferId}`,
        metadata: { payout_id: payout.id, transfer_id: payout.transferId },
      },
    });
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: 8_000, inTransit: 0, paidOut: 30_000 });

    // Stripe's transfer.created says what we know.
    expect(await deliverConnect(world, 'transfer.created', world.stripe.connect.transfer(String(payout.providerReference)))).toEqual([
      'unchanged',
    ]);
    await expectLedgerBalanced(world.server);
  });

  it('records a reversal: the money comes back to available and the streamer sees why', async () => {
    const { streamer, released } = await fundedPayee();
    await connectedStripeAccount(world, streamer);
    const payout = await streamer.client.payouts.requestPayout({ currency: 'USD' });
    const reversed = world.stripe.connect.reverseTransfer(String(payout.providerReference));
    expect(await deliverConnect(world, 'transfer.reversed', reversed)).toEqual(['applied']);
    expect(await deliverConnect(world, 'transfer.updated', reversed)).toEqual(['unchanged']);
    const [stored] = (await streamer.client.payouts.payouts()).payouts;
    expect(stored).toMatchObject({ status: 'reversed', failureReason: 'The transfer was reversed at Stripe' });
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: released, inTransit: 0, paidOut: 0 });
    expect(await payoutPostings(world.server, payout.id)).toEqual({ payout_requested: 1, payout_reversed: 1, payout_settled: 1 });
  });

  it('fails and returns the money when Stripe refuses the transfer', async () => {
    const { streamer, released } = await fundedPayee();
    await connectedStripeAccount(world, streamer);
    world.stripe.connect.setPlatformBalance('usd', 0);
    try {
      const payout = await streamer.client.payouts.requestPayout({ currency: 'USD' });
      expect(payout).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('insufficient available funds') });
      expect(await buckets(world.server, streamer)).toMatchObject({ available: released, inTransit: 0, paidOut: 0 });
    } finally {
      world.stripe.connect.setPlatformBalance('usd', Number.MAX_SAFE_INTEGER);
    }
  });

  it('is retried by the library under the same idempotency key when Stripe’s answer is lost: one transfer', async () => {
    const { streamer, released } = await fundedPayee();
    await connectedStripeAccount(world, streamer);
    const transfersBefore = world.stripe.connect.transferCount();
    world.stripe.hang({ processed: true, path: '/v1/transfers' });
    const payout = await streamer.client.payouts.requestPayout({ currency: 'USD' });
    expect(payout).toMatchObject({ status: 'succeeded', amount: released });
    const sent = transferBodies().filter((t) => t.key === payout.transferId);
    expect(sent).toHaveLength(2);
    expect(world.stripe.connect.transferCount() - transfersBefore).toBe(1);
    expect(await buckets(world.server, streamer)).toMatchObject({ available: 0, inTransit: 0, paidOut: released });
  }, 60_000);

  it('whose outcome stays unknown is found by the poller through its transfer group', async () => {
    const { streamer, released } = await fundedPayee();
    await connectedStripeAccount(world, streamer);
    // Stripe makes the transfer but answers 500, and replays that answer to the library's retries.
    world.stripe.connect.loseNextTransferAnswer();
    const payout = await streamer.client.payouts.requestPayout({ currency: 'USD' });
    expect(payout.status).toBe('unknown');
    const polled = await world.server.app.services.payouts.poller.pollDue(minutesFromNow(1));
    expect(polled.get(payout.id)).toBe('applied');
    expect(await storedPayout(world.server, payout.id)).toMatchObject({
      status: 'succeeded',
      providerReference: expect.stringMatching(/^tr_/),
    });
    expect(await buckets(world.server, streamer)).toMatchObject({ inTransit: 0, paidOut: released });
  });

  it('is refused with NO_PAYOUT_DESTINATION, nothing moved, while Stripe has payouts off for the account', async () => {
    const { streamer, released } = await fundedPayee();
    const accountId = await connectedStripeAccount(world, streamer);
    expect(await deliverConnect(world, 'account.updated', world.stripe.connect.restrict(accountId))).toEqual(['applied']);
    const before = await payoutWrites(world.server);
    const error = await caught(streamer.client.payouts.requestPayout({ currency: 'USD' }));
    expect(error).toMatchObject({
      status: 409,
      code: 'NO_PAYOUT_DESTINATION',
      details: { stripeAccountId: accountId, requirements: ['individual.verification.document'] },
    });
    expect(await payoutWrites(world.server)).toEqual(before);
    expect(await buckets(world.server, streamer)).toMatchObject({ available: released, inTransit: 0 });
  });
});

describe('the Connect webhook endpoint', () => {
  it('refuses a delivery signed with another secret, with nothing written', async () => {
    const streamer = await payee(world.server, 'USD');
    const accountId = (await streamer.client.payouts.startStripeOnboarding(urls)).account.stripeAccountId;
    const before = await payoutWrites(world.server);
    const forged = connectDelivery(
      { ...world, connectSecret: 'whsec_not_ours' },
      'account.updated',
      world.stripe.connect.completeOnboarding(accountId),
    );
    const answer = await deliver(world.server, 'stripe-connect', forged);
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'WEBHOOK_SIGNATURE_INVALID', details: { reason: 'signature_mismatch' } } },
    });
    expect(await payoutWrites(world.server)).toEqual(before);
    expect(await streamer.client.payouts.stripeAccount()).toMatchObject({ payoutsEnabled: false });
  });

  it('acknowledges events it does not act on, and transfers that are not our payouts', async () => {
    expect(await deliverConnect(world, 'payout.paid', { id: 'po_1', object: 'payout' })).toEqual(['ignored']);
    const foreign = {
      id: 'tr_foreign',
      object: 'transfer',
      amount: 100,
      amount_reversed: 0,
      reversed: false,
      transfer_group: null,
      metadata: {},
    };
    expect(await deliverConnect(world, 'transfer.created', foreign)).toEqual(['ignored']);
    const unknown = { ...foreign, metadata: { transfer_id: 'po_00000000000000000000000000000000' } };
    expect(await deliverConnect(world, 'transfer.created', unknown)).toEqual(['unknown_transfer']);
  });
});
