import { TipchatError } from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import {
  buckets,
  connectedStripeAccount,
  deliverCashfree,
  earn,
  expectLedgerBalanced,
  minutesFromNow,
  payee,
  payoutPostings,
  usePayoutWorld,
  verifiedBankAccount,
} from './payout-fixtures';

// Many payout requests racing on one balance. On embedded PGlite the database runs one transaction at a time anyway;
// the test earns its keep on real Postgres (DATABASE_URL), where the requests' transactions really overlap and only
// the channel row lock keeps them from each reading the same available balance.

const world = usePayoutWorld();

/** Runs every request at once; the successes and the error codes of the refusals. */
async function race<T>(requests: (() => Promise<T>)[]): Promise<{ paid: T[]; refused: string[] }> {
  const settled = await Promise.allSettled(requests.map((request) => request()));
  const paid: T[] = [];
  const refused: string[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') paid.push(result.value);
    else if (result.reason instanceof TipchatError) refused.push(result.reason.code);
    else throw result.reason;
  }
  return { paid, refused };
}

describe('concurrent payout requests on one balance', () => {
  it('50 requests of $100 never pay out more than is available', async () => {
    const streamer = await payee(world.server, 'USD');
    // Five $500 tips less the 5 % fee: $2,375 available, room for 23 payouts of $100.
    const released = await earn(world.server, streamer, [50_000, 50_000, 50_000, 50_000, 50_000]);
    expect(released).toBe(237_500);
    await connectedStripeAccount(world, streamer);

    const { paid, refused } = await race(
      Array.from({ length: 50 }, () => () => streamer.client.payouts.requestPayout({ currency: 'USD', amount: 10_000 })),
    );
    expect(paid).toHaveLength(23);
    expect(paid.every((p) => p.status === 'succeeded')).toBe(true);
    expect(refused).toEqual(Array.from({ length: 27 }, () => 'INSUFFICIENT_BALANCE'));

    const money = await buckets(world.server, streamer);
    expect(money).toEqual({ pending: 0, available: 7_500, inTransit: 0, paidOut: 230_000 });
    expect(money.inTransit + money.paidOut).toBeLessThanOrEqual(released);
    const transfers = world.stripe.connect.allTransfers().filter((t) => paid.some((p) => p.providerReference === t.id));
    expect(transfers.reduce((sum, t) => sum + Number(t.amount), 0)).toBe(230_000);
    expect(new Set(paid.map((p) => p.transferId)).size).toBe(23);
    await expectLedgerBalanced(world.server);
  }, 120_000);

  it('50 requests for everything available: one payout, the rest find nothing left', async () => {
    const streamer = await payee(world.server, 'INR');
    const released = await earn(world.server, streamer, [200_000]);
    await verifiedBankAccount(world, streamer);

    const { paid, refused } = await race(
      Array.from({ length: 50 }, () => () => streamer.client.payouts.requestPayout({ currency: 'INR' })),
    );
    expect(paid.map((p) => p.amount)).toEqual([released]);
    expect(refused).toEqual(Array.from({ length: 49 }, () => 'PAYOUT_BELOW_MINIMUM'));
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: 0, inTransit: released, paidOut: 0 });
    await expectLedgerBalanced(world.server);
  }, 120_000);
});

describe('concurrent news about one transfer', () => {
  it('the webhook, its redeliveries and the poller all at once settle the payout once', async () => {
    const streamer = await payee(world.server, 'INR');
    const released = await earn(world.server, streamer, [100_000]);
    await verifiedBankAccount(world, streamer);
    const payout = await streamer.client.payouts.requestPayout({ currency: 'INR' });
    world.cashfree.settle(payout.transferId, 'SUCCESS');
    const delivery = world.cashfree.transferWebhook(payout.transferId, 'TRANSFER_SUCCESS');

    const [webhooks, polled] = await Promise.all([
      Promise.all(Array.from({ length: 5 }, () => deliverCashfree(world, delivery))),
      world.server.app.services.payouts.poller.pollDue(minutesFromNow(120)),
    ]);
    const outcomes = [...webhooks.flat(), ...(polled.has(payout.id) ? [polled.get(payout.id)] : [])];
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(await payoutPostings(world.server, payout.id)).toEqual({ payout_requested: 1, payout_settled: 1 });
    expect(await buckets(world.server, streamer)).toEqual({ pending: 0, available: 0, inTransit: 0, paidOut: released });
    await expectLedgerBalanced(world.server);
  });
});
