import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../support/accounts';
import { caught } from '../support/errors';
import { expectError, send } from '../support/raw';
import { deliver } from '../support/webhook-delivery';
import {
  buckets,
  connectedStripeAccount,
  earn,
  MINIMUM,
  type Payee,
  type PayoutWorld,
  payee,
  payoutWrites,
  startPayoutWorld,
  verifiedBankAccount,
} from './payout-fixtures';

// Payout requests that must be refused with a clear 4xx in the standard shape, with nothing written and no money
// moved: below the minimum, above the balance, another streamer's beneficiary, an unverified one, nowhere to pay,
// a restricted or unverified account; and webhook deliveries that must be refused.

let world: PayoutWorld;
let rich: Payee;
let richBeneficiary: string;
let released: number;

beforeAll(async () => {
  world = await startPayoutWorld();
  rich = await payee(world.server, 'INR');
  released = await earn(world.server, rich, [100_000]);
  richBeneficiary = await verifiedBankAccount(world, rich);
}, 120_000);
afterAll(() => world?.close());

/** Runs a request that must be refused and checks nothing moved: no payout, ledger posting, event or transfer. */
async function refusedWithNothingMoved(who: Payee, request: () => Promise<unknown>) {
  const writes = await payoutWrites(world.server);
  const money = await buckets(world.server, who);
  const transfers = world.cashfree.requestsTo('POST', '/payout/transfers').length + world.stripe.requestsTo('POST', '/v1/transfers').length;
  const error = await caught(request());
  expect(await payoutWrites(world.server)).toEqual(writes);
  expect(await buckets(world.server, who)).toEqual(money);
  expect(world.cashfree.requestsTo('POST', '/payout/transfers').length + world.stripe.requestsTo('POST', '/v1/transfers').length).toBe(
    transfers,
  );
  return error;
}

describe('refused payout requests', () => {
  it('below the minimum', async () => {
    const error = await refusedWithNothingMoved(rich, () =>
      rich.client.payouts.requestPayout({ currency: 'INR', amount: MINIMUM.INR - 1 }),
    );
    expect(error).toMatchObject({
      status: 422,
      code: 'PAYOUT_BELOW_MINIMUM',
      details: { amount: MINIMUM.INR - 1, minimum: MINIMUM.INR, currency: 'INR' },
    });
  });

  it('for everything available when that is below the minimum', async () => {
    const poor = await payee(world.server, 'INR');
    const small = await earn(world.server, poor, [5_000]);
    await verifiedBankAccount(world, poor);
    const error = await refusedWithNothingMoved(poor, () => poor.client.payouts.requestPayout({ currency: 'INR' }));
    expect(error).toMatchObject({
      status: 422,
      code: 'PAYOUT_BELOW_MINIMUM',
      details: { amount: small, available: small, minimum: MINIMUM.INR },
    });
  });

  it('above the available balance', async () => {
    const error = await refusedWithNothingMoved(rich, () => rich.client.payouts.requestPayout({ currency: 'INR', amount: released + 1 }));
    expect(error).toMatchObject({
      status: 422,
      code: 'INSUFFICIENT_BALANCE',
      details: { amount: released + 1, available: released, currency: 'INR' },
    });
  });

  it('above the balance in a currency the channel holds nothing in', async () => {
    await connectedStripeAccount(world, rich);
    const error = await refusedWithNothingMoved(rich, () => rich.client.payouts.requestPayout({ currency: 'USD', amount: 5_000 }));
    expect(error).toMatchObject({ status: 422, code: 'INSUFFICIENT_BALANCE', details: { available: 0 } });
  });

  it('to another streamer’s beneficiary: not found', async () => {
    const other = await payee(world.server, 'INR');
    await earn(world.server, other, [50_000]);
    const error = await refusedWithNothingMoved(other, () =>
      other.client.payouts.requestPayout({ currency: 'INR', beneficiaryId: richBeneficiary }),
    );
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('to a beneficiary the bank has not verified', async () => {
    const other = await payee(world.server, 'INR');
    await earn(world.server, other, [50_000]);
    const added = await other.client.payouts.addBeneficiary({ kind: 'upi', name: 'Meera Iyer', vpa: `meera.${process.pid}@okaxis` });
    const named = await refusedWithNothingMoved(other, () =>
      other.client.payouts.requestPayout({ currency: 'INR', beneficiaryId: added.id }),
    );
    expect(named).toMatchObject({
      status: 422,
      code: 'BENEFICIARY_INVALID',
      details: { beneficiaryId: added.id, verification: 'unverified' },
    });
    // Without an id: there is no verified one to default to.
    const unnamed = await refusedWithNothingMoved(other, () => other.client.payouts.requestPayout({ currency: 'INR' }));
    expect(unnamed).toMatchObject({ status: 409, code: 'NO_PAYOUT_DESTINATION' });
  });

  it('with nowhere to pay a currency: no Stripe account, or a beneficiary named for a non-INR payout', async () => {
    const usd = await payee(world.server, 'USD');
    await earn(world.server, usd, [20_000]);
    const none = await refusedWithNothingMoved(usd, () => usd.client.payouts.requestPayout({ currency: 'USD' }));
    expect(none).toMatchObject({ status: 409, code: 'NO_PAYOUT_DESTINATION' });
    const misnamed = await refusedWithNothingMoved(usd, () =>
      usd.client.payouts.requestPayout({ currency: 'USD', beneficiaryId: richBeneficiary }),
    );
    expect(misnamed).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ path: 'body.beneficiaryId' }] });
  });

  it('from a restricted account', async () => {
    const restricted = await payee(world.server, 'INR');
    await earn(world.server, restricted, [50_000]);
    await verifiedBankAccount(world, restricted);
    await world.server.app
      .sql`update users set status = 'restricted' where id = (select owner_id from channels where id = ${restricted.channelId})`;
    const error = await refusedWithNothingMoved(restricted, () => restricted.client.payouts.requestPayout({ currency: 'INR' }));
    expect(error).toMatchObject({ status: 403, code: 'ACCOUNT_RESTRICTED' });
    expect(await caught(restricted.client.payouts.balances())).toMatchObject({ code: 'ACCOUNT_RESTRICTED' });
  });

  it('without an account, or with an unverified email', async () => {
    const anonymous = await send(world.server, { method: 'POST', path: '/api/v1/payout/standard-transfer', json: { currency: 'INR' } });
    expectError(anonymous, 401, 'UNAUTHENTICATED');
    const newcomer = world.server.client();
    const email = uniqueEmail('unverified');
    await newcomer.auth.register({ email, password: PASSWORD, displayName: 'Newcomer' });
    await newcomer.auth.login({ email, password: PASSWORD });
    expect(await caught(newcomer.payouts.requestPayout({ currency: 'INR' }))).toMatchObject({ status: 403, code: 'EMAIL_NOT_VERIFIED' });
  });

  it('with a body that is not a payout request', async () => {
    const cases = [
      { currency: 'XYZ' },
      { currency: 'INR', amount: 10.5 },
      { currency: 'INR', amount: -100 },
      { currency: 'INR', beneficiaryId: 'not-a-uuid' },
      { currency: 'INR', extra: true },
    ];
    for (const body of cases) {
      const token = rich.client.tokens?.accessToken;
      const answer = await send(world.server, {
        method: 'POST',
        path: '/api/v1/payout/standard-transfer',
        json: body,
        ...(token && { token }),
      });
      expectError(answer, 400, 'VALIDATION_FAILED');
    }
  });
});

describe('refused webhook deliveries', () => {
  it('a Cashfree Payouts delivery with a bad signature: 400, nothing written', async () => {
    const before = await payoutWrites(world.server);
    const [events] = await world.server.app.sql<{ n: number }[]>`select count(*)::int as n from payout_events`;
    const forged = world.cashfree.signedWebhook('TRANSFER_SUCCESS', {
      transfer_id: 'po_00000000000000000000000000000000',
      status: 'SUCCESS',
    });
    const tampered = { body: Buffer.from(forged.body.toString().replace('SUCCESS"}', 'SUCCESS" }')), headers: forged.headers };
    const answer = await deliver(world.server, 'cashfree-payouts', tampered);
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'WEBHOOK_SIGNATURE_INVALID', details: { reason: 'signature_mismatch' } } },
    });
    const unsigned = await deliver(world.server, 'cashfree-payouts', {
      body: forged.body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned).toMatchObject({
      status: 400,
      body: { error: { code: 'WEBHOOK_SIGNATURE_INVALID', details: { reason: 'missing_header' } } },
    });
    expect(await payoutWrites(world.server)).toEqual(before);
    const [after] = await world.server.app.sql<{ n: number }[]>`select count(*)::int as n from payout_events`;
    expect(after?.n).toBe(events?.n);
  });
});
