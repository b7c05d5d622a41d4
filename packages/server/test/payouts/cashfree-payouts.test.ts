import type { Payout } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import {
  buckets,
  deliverCashfree,
  expectLedgerBalanced,
  minutesFromNow,
  newFundedPayee,
  payoutEvents,
  payoutPostings,
  storedPayout,
  usePayoutWorld,
  verifiedBankAccount,
  verifiedUpiId,
} from './payout-fixtures';

// INR payouts through Cashfree Payouts (the fake), end to end through the SDK: tips paid with the dev checkout and
// released, a verified beneficiary, the payout request, then the transfer's webhooks (or the poller) settle it.

const world = usePayoutWorld();

const lastTransferBody = () => JSON.parse(world.cashfree.requestsTo('POST', '/payout/transfers').at(-1)?.body ?? 'null');
/** How many times the transfer was sent to Cashfree. */
const sends = (transferId: string) =>
  world.cashfree.requestsTo('POST', '/payout/transfers').filter((r) => r.body.includes(transferId)).length;
/** Whether Cashfree holds the transfer (the fake's count is of every test's transfers). */
const cashfreeHolds = (transferId: string) => {
  try {
    world.cashfree.transferStatus(transferId);
    return true;
  } catch {
    return false;
  }
};

const fundedPayee = (rupees = [100_000, 50_000]) => newFundedPayee(world.server, 'INR', rupees);

describe('a payout to a bank account', () => {
  it('moves the money to in transit, sends the transfer once, and is paid out when Cashfree says SUCCESS', async () => {
    const { streamer, released } = await fundedPayee();
    // ₹1,500 of tips less the 5 % fee.
    expect(released).toBe(142_500);
    const beneficiaryId = await verifiedBankAccount(world, streamer);

    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR', amount: 100_000 });
    expect(payout).toEqual({
      id: expect.any(String),
      rail: 'cashfree',
      beneficiaryId,
      amount: 100_000,
      currency: 'INR',
      status: 'processing',
      origin: 'manual',
      transferId: expect.stringMatching(/^po_[0-9a-f]{32}$/),
      providerReference: expect.any(String),
      failureReason: null,
      createdAt: expect.any(String),
      settledAt: null,
    } satisfies Payout);
    expect(lastTransferBody()).toEqual({
      transfer_id: payout.transferId,
      transfer_amount: 1000,
      transfer_currency: 'INR',
      transfer_mode: 'banktransfer',
      beneficiary_details: { beneficiary_id: expect.stringMatching(/^tc_/) },
      transfer_remarks: expect.any(String),
    });
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: 42_500, inTransit: 100_000, paidOut: 0 });

    world.cashfree.settle(payout.transferId, 'SUCCESS');
    expect(await deliverCashfree(world, world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_SUCCESS'))).toEqual(['applied']);
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: 42_500, inTransit: 0, paidOut: 100_000 });

    const { payouts } = await streamer.client.payouts.payouts();
    expect(payouts).toEqual([
      expect.objectContaining({
        id: payout.id,
        status: 'succeeded',
        providerReference: expect.stringMatching(/^CFUTR\d{12}$/),
        settledAt: expect.any(String),
      }),
    ]);
    const [balance] = await streamer.client.payouts.balances();
    expect(balance).toEqual({ currency: 'INR', pending: 0, available: 42_500, inTransit: 0, paidOut: 100_000, minimumPayout: 10_000 });
    expect(await payoutPostings(world.server, payout.id)).toEqual({ payout_requested: 1, payout_settled: 1 });
    expect(await payoutEvents(world.server, streamer.channelId)).toEqual([
      { id: payout.id, status: 'requested', visibility: 'staff' },
      { id: payout.id, status: 'processing', visibility: 'staff' },
      { id: payout.id, status: 'succeeded', visibility: 'staff' },
    ]);
    expect(sends(payout.transferId)).toBe(1);
    await expectLedgerBalanced(world.server);
  });

  it('acknowledges a redelivered webhook as a duplicate and changes nothing', async () => {
    const { streamer } = await fundedPayee();
    await verifiedBankAccount(world, streamer);
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    world.cashfree.settle(payout.transferId, 'SUCCESS');
    const delivery = world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_SUCCESS');
    const answers = await Promise.all([
      deliverCashfree(world, delivery),
      deliverCashfree(world, delivery),
      deliverCashfree(world, delivery),
    ]);
    expect(answers.flat().sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    const again = world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_SUCCESS', { attempt: 2 });
    expect(await deliverCashfree(world, again)).toEqual(['duplicate']);
    expect(await payoutPostings(world.server, payout.id)).toEqual({ payout_requested: 1, payout_settled: 1 });
    expect(await buckets(world.server, streamer)).toMatchObject({ available: 0, inTransit: 0, paidOut: 142_500 });
  });

  it('pays everything available by default, to a UPI id in upi mode', async () => {
    const { streamer, released } = await fundedPayee([20_000]);
    const beneficiaryId = await verifiedUpiId(world, streamer);
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR', beneficiaryId });
    expect(payout).toMatchObject({ amount: released, beneficiaryId, status: 'processing' });
    expect(lastTransferBody()).toMatchObject({ transfer_mode: 'upi', transfer_amount: 190 });
  });
});

describe('a transfer that does not arrive', () => {
  it('returns the money to available when Cashfree says FAILED, tells the streamer why, and the money can be asked for again', async () => {
    const { streamer, released } = await fundedPayee();
    await verifiedBankAccount(world, streamer);
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    world.cashfree.settle(payout.transferId, 'FAILED');
    expect(await deliverCashfree(world, world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_FAILED'))).toEqual(['applied']);

    const [failed] = (await streamer.client.payouts.payouts()).payouts;
    expect(failed).toMatchObject({ id: payout.id, status: 'failed', failureReason: expect.stringContaining('IMPS_MODE_FAIL') });
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: released, inTransit: 0, paidOut: 0 });
    expect(await payoutPostings(world.server, payout.id)).toEqual({ payout_failed: 1, payout_requested: 1 });

    // A SUCCESS after FAILED (Cashfree documents none; a confused one must not move the money twice) changes nothing.
    const confused = world.cashfree.signedWebhook('TRANSFER_SUCCESS', { transfer_id: payout.transferId, status: 'SUCCESS' });
    expect(await deliverCashfree(world, confused)).toEqual(['stale']);
    expect(await buckets(world.server, streamer)).toMatchObject({ available: released, paidOut: 0 });

    const retry = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    expect(retry).toMatchObject({ amount: released, status: 'processing' });
    expect(retry.transferId).not.toBe(payout.transferId);
    await expectLedgerBalanced(world.server);
  });

  it('records a reversal after the success: the money comes back from paid out, and a late SUCCESS is stale', async () => {
    const { streamer, released } = await fundedPayee();
    await verifiedBankAccount(world, streamer);
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    world.cashfree.settle(payout.transferId, 'SUCCESS');
    expect(await deliverCashfree(world, world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_SUCCESS'))).toEqual(['applied']);
    world.cashfree.settle(payout.transferId, 'REVERSED');
    expect(await deliverCashfree(world, world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_REVERSED'))).toEqual(['applied']);

    const [reversed] = (await streamer.client.payouts.payouts()).payouts;
    expect(reversed).toMatchObject({
      status: 'reversed',
      failureReason: expect.stringContaining('INVALID_ACCOUNT_FAIL'),
      settledAt: expect.any(String),
    });
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: released, inTransit: 0, paidOut: 0 });
    expect(await payoutPostings(world.server, payout.id)).toEqual({ payout_requested: 1, payout_reversed: 1, payout_settled: 1 });

    const late = world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_SUCCESS', { attempt: 3 });
    expect(await deliverCashfree(world, late)).toEqual(['duplicate']);
    expect((await payoutEvents(world.server, streamer.channelId)).map((e) => e.status)).toEqual([
      'requested',
      'processing',
      'succeeded',
      'reversed',
    ]);
    await expectLedgerBalanced(world.server);
  });

  it('applies a REVERSED that overtakes its SUCCESS as paid out and back, once', async () => {
    const { streamer, released } = await fundedPayee();
    await verifiedBankAccount(world, streamer);
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    world.cashfree.settle(payout.transferId, 'SUCCESS');
    world.cashfree.settle(payout.transferId, 'REVERSED');
    expect(await deliverCashfree(world, world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_REVERSED'))).toEqual(['applied']);
    expect(await deliverCashfree(world, world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_SUCCESS'))).toEqual(['stale']);
    expect(await storedPayout(world.server, payout.id)).toMatchObject({ status: 'reversed' });
    expect(await buckets(world.server, streamer)).toMatchObject({ available: released, inTransit: 0, paidOut: 0 });
    expect(await payoutPostings(world.server, payout.id)).toEqual({ payout_requested: 1, payout_reversed: 1, payout_settled: 1 });
  });

  it('returns the money at once when Cashfree refuses the transfer', async () => {
    const { streamer, released } = await fundedPayee();
    await verifiedBankAccount(world, streamer);
    world.cashfree.failWith(400, { path: '/payout/transfers' });
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    expect(payout).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('money is back') });
    expect(await buckets(world.server, streamer)).toMatchObject({ available: released, inTransit: 0 });
  });
});

describe('a transfer whose outcome is unknown', () => {
  it('after a timeout is never sent again: the poller finds it, a retried request finds no money, and it is paid once', async () => {
    const { streamer, released } = await fundedPayee();
    await verifiedBankAccount(world, streamer);
    const transfersBefore = world.cashfree.transferCount();
    // Cashfree receives the transfer, but its answer never comes: the client gives up after its timeout.
    world.cashfree.hang({ processed: true, path: '/payout/transfers' });
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    expect(payout.status).toBe('unknown');
    expect(cashfreeHolds(payout.transferId)).toBe(true);
    expect(await buckets(world.server, streamer)).toMatchObject({ available: 0, inTransit: released });

    // The streamer tries again: the money is in transit, so there is nothing to pay.
    const retry = await streamer.client.payouts.requestPayout({ currency: 'INR' }).catch((error: unknown) => error);
    expect(retry).toMatchObject({ code: 'PAYOUT_BELOW_MINIMUM', status: 422 });

    // The poller asks Cashfree about it, by our transfer id.
    const first = await world.server.app.services.payouts.poller.pollDue(minutesFromNow(1));
    expect(first.get(payout.id)).toBe('applied');
    expect(await storedPayout(world.server, payout.id)).toMatchObject({ status: 'processing', providerReference: expect.any(String) });

    world.cashfree.settle(payout.transferId, 'SUCCESS');
    // No webhook this time: the next poll (a while later) finds the success.
    const second = await world.server.app.services.payouts.poller.pollDue(minutesFromNow(60));
    expect(second.get(payout.id)).toBe('applied');
    expect(await storedPayout(world.server, payout.id)).toMatchObject({ status: 'succeeded', nextPollAt: null });
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: 0, inTransit: 0, paidOut: released });
    expect(world.cashfree.transferCount() - transfersBefore).toBe(1);
    expect(sends(payout.transferId)).toBe(1);
    expect(
      world.cashfree.requestsTo('GET', '/payout/transfers').filter((r) => r.query.get('transfer_id') === payout.transferId),
    ).toHaveLength(2);
    await expectLedgerBalanced(world.server);
  }, 60_000);

  it('that never reached Cashfree fails after the grace period and the money comes back', async () => {
    const { streamer, released } = await fundedPayee();
    await verifiedBankAccount(world, streamer);
    // A 503 with nothing done: the outcome looks unknown from here.
    world.cashfree.failWith(503, { path: '/payout/transfers' });
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    expect(payout.status).toBe('unknown');

    // Cashfree has no such transfer, but it is too early to conclude: a slow request could still arrive.
    const early = await world.server.app.services.payouts.poller.pollDue(minutesFromNow(1));
    expect(early.get(payout.id)).toBe('unchanged');
    expect(await storedPayout(world.server, payout.id)).toMatchObject({ status: 'unknown' });

    const late = await world.server.app.services.payouts.poller.pollDue(minutesFromNow(30));
    expect(late.get(payout.id)).toBe('applied');
    const [failed] = (await streamer.client.payouts.payouts({ status: 'failed' })).payouts;
    expect(failed).toMatchObject({
      id: payout.id,
      failureReason: 'The transfer never reached Cashfree; the money is back in your available balance',
    });
    expect(await buckets(world.server, streamer)).toMatchObject({ available: released, inTransit: 0 });
    expect(sends(payout.transferId)).toBe(1);
    expect(cashfreeHolds(payout.transferId)).toBe(false);
  });
});
