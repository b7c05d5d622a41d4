import { randomUUID } from 'node:crypto';
import type { TipchatClient } from '@tipchat/sdk';
import type { BeneficiaryDetails } from '@tipchat/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, signUpVerified, uniqueEmail } from '../support/accounts';
import { caught } from '../support/errors';
import { startTestServer, type TestServer } from '../support/server';
import {
  accountNumber,
  beneficiaryWrites,
  cashfreeId,
  closedPort,
  type PayoutServer,
  type Streamer,
  startPayoutServer,
  streamer,
  upiId,
} from './beneficiary-fixtures';

// What the beneficiary routes refuse, each with its code and without writing anything or calling Cashfree when the
// refusal is ours: malformed details, another streamer's beneficiary, accounts that may not act, and Cashfree down.

let payouts: PayoutServer;
let owner: Streamer;
let bank: { id: string };
let upi: { id: string };

beforeAll(async () => {
  payouts = await startPayoutServer();
  owner = await streamer(payouts.server);
  payouts.fake.setBankAccount('501009998887', 'HDFC0001234', { status: 'VALID' });
  bank = await owner.client.payouts.addBeneficiary({
    kind: 'bank_account',
    name: 'Asha Verma',
    accountNumber: '501009998887',
    ifsc: 'HDFC0001234',
  });
  upi = await owner.client.payouts.addBeneficiary({ kind: 'upi', name: 'Asha Verma', vpa: upiId() });
}, 120_000);
afterAll(() => payouts?.close());

/** Runs `call`, which must be refused with `status` and `code`, and checks that nothing was stored or sent to Cashfree. */
async function refusedWithoutEffects(call: () => Promise<unknown>, status: number, code: string) {
  const stored = await beneficiaryWrites(payouts.server);
  const cashfreeCalls = payouts.fake.requests.length;
  const error = await caught(call());
  expect(error).toMatchObject({ status, code });
  expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
  expect(payouts.fake.requests).toHaveLength(cashfreeCalls);
  return error;
}

const valid = { kind: 'bank_account', name: 'Asha Verma', accountNumber: '501001112223', ifsc: 'HDFC0001234' } as const;

describe('malformed details', () => {
  it.each([
    ['an IFSC without the 0 in fifth place', { ...valid, ifsc: 'HDFC1234567' }, 'body.ifsc'],
    ['an IFSC of the wrong length', { ...valid, ifsc: 'HDFC012345' }, 'body.ifsc'],
    ['an account number with letters', { ...valid, accountNumber: '5010AB112223' }, 'body.accountNumber'],
    ['an account number of 8 digits', { ...valid, accountNumber: '50100111' }, 'body.accountNumber'],
    ['an account number of 19 digits', { ...valid, accountNumber: '5010011122233344455' }, 'body.accountNumber'],
    ['a PAN of the wrong shape', { ...valid, pan: 'ABCDE12345' }, 'body.pan'],
    ['a name with digits (Cashfree takes letters and spaces)', { ...valid, name: 'Asha Verma 2' }, 'body.name'],
    ['a UPI id without @', { kind: 'upi', name: 'Asha Verma', vpa: 'asha.okhdfcbank' }, 'body.vpa'],
    ['a UPI id with two @', { kind: 'upi', name: 'Asha Verma', vpa: 'asha@ok@hdfc' }, 'body.vpa'],
    ['a UPI id with a dot in the provider', { kind: 'upi', name: 'Asha Verma', vpa: 'asha@ok.hdfc' }, 'body.vpa'],
    ['a UPI id with a space in the handle', { kind: 'upi', name: 'Asha Verma', vpa: 'asha verma@ybl' }, 'body.vpa'],
    ['a UPI PAN of the wrong shape', { kind: 'upi', name: 'Asha Verma', vpa: 'asha@ybl', pan: 'abcd1234f' }, 'body.pan'],
  ])('refuses %s with 400 naming the field, before Cashfree', async (_case, details, path) => {
    const error = await refusedWithoutEffects(
      () => owner.client.payouts.addBeneficiary(details as BeneficiaryDetails),
      400,
      'VALIDATION_FAILED',
    );
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('refuses a replacement with a bad IFSC or name, naming the field under details', async () => {
    for (const [details, path] of [
      [{ ...valid, ifsc: 'hdfc00012' }, 'body.details.ifsc'],
      [{ ...valid, name: 'Asha_Verma' }, 'body.details.name'],
      [{ kind: 'upi', name: 'Asha Verma', vpa: 'asha@' }, 'body.details.vpa'],
    ] as const) {
      const error = await refusedWithoutEffects(
        () => owner.client.payouts.updateBeneficiary(bank.id, details as BeneficiaryDetails),
        400,
        'VALIDATION_FAILED',
      );
      expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
  });

  it('refuses a beneficiary id that is not a UUID on every route', async () => {
    const payoutsApi = owner.client.payouts;
    for (const call of [
      () => payoutsApi.verifyBeneficiary('not-a-uuid'),
      () => payoutsApi.removeBeneficiary('not-a-uuid'),
      () => payoutsApi.updateBeneficiary('not-a-uuid', valid),
    ]) {
      await refusedWithoutEffects(call, 400, 'VALIDATION_FAILED');
    }
  });

  it('refuses a removal that names no beneficiary, or two different ones', async () => {
    const token = owner.client.tokens?.accessToken;
    const remove = (query: string, body?: unknown) =>
      fetch(`${payouts.server.url}/api/v1/payout/beneficiary${query}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    const stored = await beneficiaryWrites(payouts.server);
    for (const response of [await remove(''), await remove(`?beneficiaryId=${bank.id}`, { beneficiaryId: upi.id })]) {
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is not valid',
          details: [expect.objectContaining({ path: 'querystring.beneficiaryId' })],
        },
      });
    }
    expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
  });
});

describe('someone else’s beneficiary', () => {
  it('is not found for another streamer, whatever they try, and stays untouched at Cashfree', async () => {
    const other = await streamer(payouts.server);
    for (const id of [bank.id, upi.id, randomUUID()]) {
      await refusedWithoutEffects(() => other.client.payouts.verifyBeneficiary(id), 404, 'NOT_FOUND');
      await refusedWithoutEffects(() => other.client.payouts.removeBeneficiary(id), 404, 'NOT_FOUND');
      await refusedWithoutEffects(
        () => other.client.payouts.updateBeneficiary(id, { kind: 'upi', name: 'Mallory Evil', vpa: upiId('mallory') }),
        404,
        'NOT_FOUND',
      );
    }
    expect(await other.client.payouts.listBeneficiaries()).toEqual([]);
    expect(payouts.fake.hasBeneficiary(cashfreeId(bank.id))).toBe(true);
    expect((await owner.client.payouts.listBeneficiaries()).map((b) => b.id)).toEqual([bank.id, upi.id]);
  });
});

describe('who may call', () => {
  const everyRoute = (client: TipchatClient) => [
    () => client.payouts.listBeneficiaries(),
    () => client.payouts.addBeneficiary({ ...valid, accountNumber: accountNumber() }),
    () => client.payouts.updateBeneficiary(bank.id, { kind: 'upi', name: 'Asha Verma', vpa: upiId() }),
    () => client.payouts.removeBeneficiary(bank.id),
    () => client.payouts.verifyBeneficiary(bank.id),
    () => client.payouts.beneficiaryHistory(),
  ];

  it('refuses a restricted account on every route', async () => {
    const restricted = await streamer(payouts.server);
    await payouts.server.app.sql`update users set status = 'restricted', restricted_at = now() where id = ${restricted.userId}`;
    for (const call of everyRoute(restricted.client)) await refusedWithoutEffects(call, 403, 'ACCOUNT_RESTRICTED');
  });

  it('refuses an account whose email is not verified, and a caller without a token', async () => {
    const unverified = payouts.server.client();
    const email = uniqueEmail('unverified');
    await unverified.auth.register({ email, password: PASSWORD, displayName: 'Not Yet' });
    await unverified.auth.login({ email, password: PASSWORD });
    for (const call of everyRoute(unverified)) await refusedWithoutEffects(call, 403, 'EMAIL_NOT_VERIFIED');

    // The SDK refuses to send without a token; the server must refuse too.
    const response = await fetch(`${payouts.server.url}/api/v1/payout/beneficiary`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'upi', name: 'Asha Verma', vpa: 'nope' }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 404 with a clear code to an account that has no channel yet', async () => {
    const client = payouts.server.client();
    await signUpVerified(client);
    const error = await refusedWithoutEffects(
      () => client.payouts.addBeneficiary({ ...valid, accountNumber: accountNumber() }),
      404,
      'NOT_FOUND',
    );
    expect(error.message).toMatch(/no channel/);
    expect(await caught(client.payouts.listBeneficiaries())).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('Cashfree failing', () => {
  it('answers 502 and stores nothing when Cashfree fails to add', async () => {
    const stored = await beneficiaryWrites(payouts.server);
    payouts.fake.failWith(503, { path: '/payout/beneficiary' });
    const error = await caught(owner.client.payouts.addBeneficiary({ ...valid, accountNumber: accountNumber() }));
    expect(error).toMatchObject({ status: 502, code: 'PAYOUT_PROVIDER_ERROR' });
    expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
  });

  it('answers 502 and keeps the verification as it was when the bank check fails', async () => {
    const before = (await owner.client.payouts.listBeneficiaries()).find((b) => b.id === bank.id);
    const stored = await beneficiaryWrites(payouts.server);
    payouts.fake.failWith(502, { path: '/verification/bank-account/sync' });
    expect(await caught(owner.client.payouts.verifyBeneficiary(bank.id))).toMatchObject({ status: 502, code: 'PAYOUT_PROVIDER_ERROR' });
    expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
    expect((await owner.client.payouts.listBeneficiaries()).find((b) => b.id === bank.id)).toEqual(before);
  });

  it('keeps a beneficiary Cashfree could not be asked to remove, and a second removal completes it', async () => {
    const extra = await owner.client.payouts.addBeneficiary({ kind: 'upi', name: 'Asha Verma', vpa: upiId() });
    payouts.fake.failWith(503, { path: '/payout/beneficiary' });
    expect(await caught(owner.client.payouts.removeBeneficiary(extra.id))).toMatchObject({ status: 502, code: 'PAYOUT_PROVIDER_ERROR' });
    expect((await owner.client.payouts.listBeneficiaries()).map((b) => b.id)).toContain(extra.id);
    expect((await owner.client.payouts.beneficiaryHistory())[0]).not.toMatchObject({ beneficiaryId: extra.id, action: 'removed' });
    await owner.client.payouts.removeBeneficiary(extra.id);
    expect((await owner.client.payouts.listBeneficiaries()).map((b) => b.id)).not.toContain(extra.id);
  });

  it('answers 502 and stores nothing when Cashfree cannot be reached at all', async () => {
    const offline = await startTestServer({
      CASHFREE_PAYOUTS_CLIENT_ID: payouts.fake.clientId,
      CASHFREE_PAYOUTS_CLIENT_SECRET: payouts.fake.clientSecret,
      CASHFREE_PAYOUTS_API_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    try {
      const stranded = await streamer(offline);
      const error = await caught(stranded.client.payouts.addBeneficiary({ ...valid, accountNumber: accountNumber() }));
      expect(error).toMatchObject({ status: 502, code: 'PAYOUT_PROVIDER_ERROR', details: { providerCode: 'network_error' } });
      expect(await beneficiaryWrites(offline)).toEqual({ beneficiaries: 0, history: 0, digest: expect.any(String) });
    } finally {
      await offline.close();
    }
  });

  it('lists but refuses changes on a server without Cashfree Payouts', async () => {
    const unconfigured: TestServer = await startTestServer();
    try {
      const lonely = await streamer(unconfigured);
      expect(await lonely.client.payouts.listBeneficiaries()).toEqual([]);
      expect(await caught(lonely.client.payouts.addBeneficiary({ ...valid, accountNumber: accountNumber() }))).toMatchObject({
        status: 422,
        code: 'PROVIDER_NOT_AVAILABLE',
      });
    } finally {
      await unconfigured.close();
    }
  });
});
