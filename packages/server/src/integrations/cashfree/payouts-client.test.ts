import { createServer } from 'node:net';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCashfreePayouts } from '../../../test/fakes/cashfree-payouts-fake';
import { CashfreePayoutsClient, PAYOUTS_API_VERSION, VERIFICATION_API_VERSION } from './payouts-client';
import { PayoutProviderError } from './payouts-errors';

let fake: FakeCashfreePayouts;
let client: CashfreePayoutsClient;
let sequence = 0;
/** Ids unique across the file: the fake keeps its state between tests. */
const unique = (prefix: string) => `${prefix}_${++sequence}`;
/** A 12-digit account number no other test uses. */
const accountNumber = () => String(500100000000 + ++sequence);

beforeAll(async () => {
  fake = await FakeCashfreePayouts.start();
  client = clientFor(fake);
});
afterAll(async () => {
  await fake.close();
});

function clientFor(target: FakeCashfreePayouts, options: { timeoutMs?: number; clientSecret?: string; fetch?: typeof fetch } = {}) {
  return new CashfreePayoutsClient({
    clientId: target.clientId,
    clientSecret: options.clientSecret ?? target.clientSecret,
    environment: 'sandbox',
    apiUrl: target.origin,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.fetch && { fetch: options.fetch }),
  });
}

async function providerError(promise: Promise<unknown>): Promise<PayoutProviderError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof PayoutProviderError) return err;
    throw err;
  }
  throw new Error('expected a PayoutProviderError');
}

/** Every error message a test saw, checked once at the end for the secret and account numbers. */
const seenMessages: string[] = [];
const recorded = async (promise: Promise<unknown>) => {
  const error = await providerError(promise);
  seenMessages.push(error.message);
  return error;
};

async function bankBeneficiary(account = accountNumber()) {
  const beneficiaryId = unique('bene');
  await client.createBeneficiary({
    beneficiaryId,
    name: 'Asha Verma',
    instrument: { kind: 'bank_account', accountNumber: account, ifsc: 'HDFC0001234' },
  });
  return beneficiaryId;
}

describe('beneficiaries', () => {
  it('adds a bank account beneficiary with the documented body and headers, and returns it in our terms', async () => {
    const account = accountNumber();
    const beneficiary = await client.createBeneficiary({
      beneficiaryId: 'streamer_1.bank',
      name: 'Asha Verma',
      instrument: { kind: 'bank_account', accountNumber: account, ifsc: 'HDFC0001234' },
      contact: { email: 'asha@example.com', phone: '9876543210' },
    });
    expect(beneficiary).toEqual({
      beneficiaryId: 'streamer_1.bank',
      name: 'Asha Verma',
      bankAccountNumber: account,
      ifsc: 'HDFC0001234',
      vpa: null,
      status: 'VERIFIED',
      addedOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });

    const [request] = fake.requestsTo('POST', '/payout/beneficiary').slice(-1);
    expect(request?.headers).toMatchObject({
      'x-client-id': fake.clientId,
      'x-client-secret': fake.clientSecret,
      'x-api-version': PAYOUTS_API_VERSION,
      'content-type': 'application/json',
    });
    expect(JSON.parse(request?.body ?? '')).toEqual({
      beneficiary_id: 'streamer_1.bank',
      beneficiary_name: 'Asha Verma',
      beneficiary_instrument_details: { bank_account_number: account, bank_ifsc: 'HDFC0001234' },
      beneficiary_contact_details: { beneficiary_email: 'asha@example.com', beneficiary_phone: '9876543210' },
    });
  });

  it('adds a UPI beneficiary with only the vpa as its instrument', async () => {
    const beneficiary = await client.createBeneficiary({
      beneficiaryId: 'streamer_2_upi',
      name: 'Ravi Kumar',
      instrument: { kind: 'upi', vpa: 'ravi@okaxis' },
    });
    expect(beneficiary).toMatchObject({ beneficiaryId: 'streamer_2_upi', vpa: 'ravi@okaxis', bankAccountNumber: null, ifsc: null });
    const [request] = fake.requestsTo('POST', '/payout/beneficiary').slice(-1);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      beneficiary_id: 'streamer_2_upi',
      beneficiary_name: 'Ravi Kumar',
      beneficiary_instrument_details: { vpa: 'ravi@okaxis' },
    });
  });

  it('fetches a beneficiary by id, and answers null for an id Cashfree does not have', async () => {
    const beneficiaryId = await bankBeneficiary();
    expect(await client.getBeneficiary(beneficiaryId)).toMatchObject({ beneficiaryId, status: 'VERIFIED', ifsc: 'HDFC0001234' });
    expect(await client.getBeneficiary('nobody_here')).toBeNull();
    expect(fake.requestsTo('GET', '/payout/beneficiary').at(-1)?.query.get('beneficiary_id')).toBe('nobody_here');
  });

  it('removes a beneficiary; removing it again answers false instead of failing', async () => {
    const beneficiaryId = await bankBeneficiary();
    expect(await client.deleteBeneficiary(beneficiaryId)).toBe(true);
    expect(fake.hasBeneficiary(beneficiaryId)).toBe(false);
    expect(await client.getBeneficiary(beneficiaryId)).toBeNull();
    expect(await client.deleteBeneficiary(beneficiaryId)).toBe(false);
  });

  it('passes on both 409s: an id used before, and an account already registered under another id', async () => {
    const account = accountNumber();
    const beneficiaryId = await bankBeneficiary(account);

    const sameId = await recorded(
      client.createBeneficiary({ beneficiaryId, name: 'Someone Else', instrument: { kind: 'upi', vpa: 'someone@ybl' } }),
    );
    expect(sameId).toMatchObject({ status: 409, providerCode: 'beneficiary_id_already_exists', retryable: false });
    expect(sameId.message).toBe(
      'Cashfree Payouts refused to create a beneficiary (HTTP 409 beneficiary_id_already_exists): Beneficiary already exists with the given beneficiary_id',
    );

    const sameAccount = await recorded(
      client.createBeneficiary({
        beneficiaryId: unique('bene'),
        name: 'Asha Verma',
        instrument: { kind: 'bank_account', accountNumber: account, ifsc: 'HDFC0001234' },
      }),
    );
    expect(sameAccount).toMatchObject({ status: 409, providerCode: 'beneficiary_already_exists', retryable: false });
  });

  it('passes on a 422 (the merchant’s own account as a beneficiary) as a refusal', async () => {
    const error = await recorded(
      client.createBeneficiary({
        beneficiaryId: unique('bene'),
        name: 'Asha Verma',
        instrument: { kind: 'bank_account', accountNumber: fake.sourceAccountNumber, ifsc: 'HDFC0001234' },
      }),
    );
    expect(error).toMatchObject({ status: 422, providerCode: 'beneficiary_account_same_as_source', retryable: false });
  });

  it('masks the account number Cashfree echoes back in a 400 validation message', async () => {
    const tooLong = '12345678901234567890123456';
    const error = await recorded(
      client.createBeneficiary({
        beneficiaryId: unique('bene'),
        name: 'Asha Verma',
        instrument: { kind: 'bank_account', accountNumber: tooLong, ifsc: 'HDFC0001234' },
      }),
    );
    expect(error).toMatchObject({ status: 400, providerCode: 'bank_account_number_length_exceeded', retryable: false });
    expect(error.message).toContain('value received: XXXXXX3456');
    expect(error.message).not.toContain(tooLong);
  });
});

describe('transfers', () => {
  it('sends the amount as exact decimal rupees on the wire and reads it back as the same paise', async () => {
    const beneficiaryId = await bankBeneficiary();
    const cases: [paise: number, wire: string][] = [
      [100, '1'],
      [150, '1.5'],
      [12345, '123.45'],
      [10010, '100.1'],
      [1999, '19.99'],
      [999_999_999, '9999999.99'],
      [123_456_789_012_345, '1234567890123.45'],
    ];
    for (const [paise, wire] of cases) {
      const transferId = unique('payout');
      const transfer = await client.createTransfer({ transferId, amount: paise, beneficiaryId });
      expect(transfer.amount).toBe(paise);
      const [request] = fake.requestsTo('POST', '/payout/transfers').slice(-1);
      expect(request?.body).toContain(`"transfer_amount":${wire},`);
      expect(JSON.parse(request?.body ?? '')).toEqual({
        transfer_id: transferId,
        transfer_amount: Number(wire),
        transfer_currency: 'INR',
        beneficiary_details: { beneficiary_id: beneficiaryId },
      });
    }
  });

  it('round-trips any paise amount exactly (property)', async () => {
    const beneficiaryId = await bankBeneficiary();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 100, max: 10 ** 13 }), async (paise) => {
        const transfer = await client.createTransfer({ transferId: unique('prop'), amount: paise, beneficiaryId });
        const body = fake.requestsTo('POST', '/payout/transfers').at(-1)?.body ?? '';
        const wire = /"transfer_amount":([0-9.]+),/.exec(body)?.[1] ?? '';
        const [rupees = '', fraction = ''] = wire.split('.');
        expect(Number(rupees) * 100 + Number(fraction.padEnd(2, '0'))).toBe(paise);
        expect(transfer.amount).toBe(paise);
      }),
      { numRuns: 60 },
    );
  });

  it('creates a transfer as RECEIVED with mode and remarks, then reads each later status with getTransfer', async () => {
    const beneficiaryId = await bankBeneficiary();
    const created = await client.createTransfer({
      transferId: 'payout_settles',
      amount: 50_000,
      beneficiaryId,
      mode: 'imps',
      remarks: 'tipchat payout',
    });
    expect(created).toMatchObject({
      transferId: 'payout_settles',
      cfTransferId: expect.stringMatching(/^\d+$/),
      status: 'RECEIVED',
      statusCode: 'RECEIVED',
      beneficiaryId,
      amount: 50_000,
      utr: null,
    });
    expect(JSON.parse(fake.requestsTo('POST', '/payout/transfers').at(-1)?.body ?? '')).toMatchObject({
      transfer_mode: 'imps',
      transfer_remarks: 'tipchat payout',
    });

    fake.settle('payout_settles', 'SUCCESS');
    const succeeded = await client.getTransfer('payout_settles');
    expect(succeeded).toMatchObject({
      status: 'SUCCESS',
      statusCode: 'COMPLETED',
      amount: 50_000,
      utr: expect.stringMatching(/^CFUTR\d+$/),
    });
    expect(fake.requestsTo('GET', '/payout/transfers').at(-1)?.query.get('transfer_id')).toBe('payout_settles');

    // SUCCESS is not the end: the beneficiary bank can still send the money back.
    fake.settle('payout_settles', 'REVERSED');
    expect(await client.getTransfer('payout_settles')).toMatchObject({
      status: 'REVERSED',
      statusCode: 'INVALID_ACCOUNT_FAIL',
      amount: 50_000,
    });
  });

  it.each(['FAILED', 'REJECTED'] as const)('reads a %s transfer with its reason', async (status) => {
    const beneficiaryId = await bankBeneficiary();
    const transferId = unique('payout');
    await client.createTransfer({ transferId, amount: 2_500, beneficiaryId });
    fake.settle(transferId, status);
    const transfer = await client.getTransfer(transferId);
    expect(transfer?.status).toBe(status);
    expect(transfer?.statusCode).toBeTruthy();
    expect(transfer?.statusDescription).toBeTruthy();
  });

  it('answers null for a transfer Cashfree does not have', async () => {
    expect(await client.getTransfer('payout_never_sent')).toBeNull();
  });

  it('refuses an amount that is not a positive whole number of paise before sending anything', async () => {
    const before = fake.requestsTo('POST', '/payout/transfers').length;
    for (const amount of [0, -100, 100.5, Number.NaN, 2 ** 53]) {
      await expect(client.createTransfer({ transferId: unique('bad'), amount, beneficiaryId: 'whoever' })).rejects.toThrow(RangeError);
    }
    expect(fake.requestsTo('POST', '/payout/transfers')).toHaveLength(before);
  });

  it('passes on Cashfree’s refusals: below ₹1.00 (400), an unknown beneficiary (404), a repeated id (409 in the fake)', async () => {
    const beneficiaryId = await bankBeneficiary();
    expect(await recorded(client.createTransfer({ transferId: unique('payout'), amount: 99, beneficiaryId }))).toMatchObject({
      status: 400,
      providerCode: 'transfer_amount_invalid',
      retryable: false,
    });
    expect(
      await recorded(client.createTransfer({ transferId: unique('payout'), amount: 1_000, beneficiaryId: 'no_such_bene' })),
    ).toMatchObject({
      status: 404,
      providerCode: 'beneficiary_not_found',
      retryable: false,
    });
    const transferId = unique('payout');
    await client.createTransfer({ transferId, amount: 1_000, beneficiaryId });
    const repeated = await recorded(client.createTransfer({ transferId, amount: 1_000, beneficiaryId }));
    expect(repeated).toMatchObject({ status: 409, providerCode: 'transfer_id_already_exists', retryable: false });
    expect(repeated.message).not.toContain('getTransfer');
  });

  it('turns a 500 into a retryable error that says to look the transfer up, never to resend it', async () => {
    const beneficiaryId = await bankBeneficiary();
    const count = fake.transferCount();
    fake.failWith(500, { path: '/payout/transfers' });
    const error = await recorded(client.createTransfer({ transferId: unique('payout'), amount: 1_000, beneficiaryId }));
    expect(error).toMatchObject({ status: 500, providerCode: 'internal_server_error', retryable: true });
    expect(error.message).toMatch(
      /^Cashfree Payouts failed to create a transfer \(HTTP 500 internal_server_error\): Error at cashfree's server; /,
    );
    expect(error.message).toContain('look it up with getTransfer and never send it again');
    expect(fake.transferCount()).toBe(count);
  });

  it('gives up on a hung request with a retryable timeout; the transfer it sent is found with getTransfer', async () => {
    const beneficiaryId = await bankBeneficiary();
    const impatient = clientFor(fake, { timeoutMs: 300 });
    fake.hang({ processed: true, path: '/payout/transfers' });
    const error = await recorded(impatient.createTransfer({ transferId: 'payout_hung', amount: 7_700, beneficiaryId }));
    expect(error).toMatchObject({ status: null, providerCode: 'timeout', retryable: true });
    expect(error.message).toContain('did not answer within 300 ms to create a transfer');
    expect(error.message).toContain('never send it again');
    expect(await client.getTransfer('payout_hung')).toMatchObject({ status: 'RECEIVED', amount: 7_700 });
  });

  it('treats a hung read as a retryable timeout too', async () => {
    fake.hang({ processed: false, path: '/payout/beneficiary' });
    const error = await recorded(clientFor(fake, { timeoutMs: 300 }).getBeneficiary('anyone'));
    expect(error).toMatchObject({ status: null, providerCode: 'timeout', retryable: true });
    expect(error.message).not.toContain('getTransfer');
  });
});

describe('verification', () => {
  it('verifies a bank account: request fields, headers, and a valid account with a direct name match', async () => {
    const account = accountNumber();
    fake.setBankAccount(account, 'YESB0000262', { status: 'VALID', nameAtBank: 'ASHA VERMA', bankName: 'YES BANK' });
    const result = await client.verifyBankAccount({ accountNumber: account, ifsc: 'YESB0000262', name: 'Asha Verma', phone: '9876543210' });
    expect(result).toEqual({
      outcome: 'valid',
      nameAtBank: 'ASHA VERMA',
      nameMatch: 'DIRECT_MATCH',
      nameMatchScore: '100.00',
      referenceId: expect.stringMatching(/^\d+$/),
      providerStatus: 'VALID',
      providerStatusCode: 'ACCOUNT_IS_VALID',
      bankName: 'YES BANK',
      utr: expect.stringMatching(/^\d+$/),
    });
    const [request] = fake.requestsTo('POST', '/verification/bank-account/sync').slice(-1);
    expect(request?.headers).toMatchObject({
      'x-client-id': fake.clientId,
      'x-client-secret': fake.clientSecret,
      'x-api-version': VERIFICATION_API_VERSION,
      'content-type': 'application/json',
    });
    expect(JSON.parse(request?.body ?? '')).toEqual({
      bank_account: account,
      ifsc: 'YESB0000262',
      name: 'Asha Verma',
      phone: '9876543210',
    });
  });

  it('reports a weak name match and an invalid account as the bank tells them', async () => {
    const partial = accountNumber();
    fake.setBankAccount(partial, 'HDFC0001234', { status: 'VALID', nameAtBank: 'A VERMA', nameMatch: 'POOR_PARTIAL_MATCH' });
    expect(await client.verifyBankAccount({ accountNumber: partial, ifsc: 'HDFC0001234', name: 'Asha Verma' })).toMatchObject({
      outcome: 'valid',
      nameAtBank: 'A VERMA',
      nameMatch: 'POOR_PARTIAL_MATCH',
    });

    const closed = accountNumber();
    fake.setBankAccount(closed, 'HDFC0001234', { status: 'INVALID', statusCode: 'ACCOUNT_BLOCKED' });
    expect(await client.verifyBankAccount({ accountNumber: closed, ifsc: 'HDFC0001234', name: 'Asha Verma' })).toMatchObject({
      outcome: 'invalid',
      nameAtBank: null,
      nameMatch: null,
      providerStatus: 'INVALID',
      providerStatusCode: 'ACCOUNT_BLOCKED',
    });
  });

  it('calls a bank that could not answer inconclusive, not invalid', async () => {
    const account = accountNumber();
    fake.setBankAccount(account, 'SBIN0070841', { status: 'FAILED', statusCode: 'BENEFICIARY_BANK_OFFLINE' });
    expect(await client.verifyBankAccount({ accountNumber: account, ifsc: 'SBIN0070841', name: 'Asha Verma' })).toMatchObject({
      outcome: 'inconclusive',
      providerStatus: 'FAILED',
      providerStatusCode: 'BENEFICIARY_BANK_OFFLINE',
    });
  });

  it.each([
    ['VALID', 'valid'],
    ['INVALID', 'invalid'],
    ['EXPIRED', 'invalid'],
    ['NPCI_NAME_INCORRECT', 'inconclusive'],
  ] as const)('verifies a UPI id that NPCI calls %s as %s', async (status, outcome) => {
    const vpa = `${unique('asha').replace('_', '.')}@okhdfcbank`;
    fake.setUpiId(vpa, { status, nameAtBank: 'ASHA VERMA' });
    const verificationId = unique('upi_check');
    const result = await client.verifyUpi({ verificationId, vpa, name: 'Asha Verma' });
    expect(result).toMatchObject({ outcome, providerStatus: status, referenceId: expect.stringMatching(/^\d+$/) });
    if (status === 'VALID') expect(result).toMatchObject({ nameAtBank: 'ASHA VERMA', nameMatch: 'DIRECT_MATCH' });
    const [request] = fake.requestsTo('POST', '/verification/upi').slice(-1);
    expect(request?.headers['x-api-version']).toBe(VERIFICATION_API_VERSION);
    expect(JSON.parse(request?.body ?? '')).toEqual({ verification_id: verificationId, vpa, name: 'Asha Verma' });
  });

  it('passes on the 409 for a verification id used before', async () => {
    await client.verifyUpi({ verificationId: 'upi_reused', vpa: 'someone@ybl' });
    expect(await recorded(client.verifyUpi({ verificationId: 'upi_reused', vpa: 'someone@ybl' }))).toMatchObject({
      status: 409,
      providerCode: 'verification_id_already_exists',
      retryable: false,
    });
  });

  it('turns a 502 from verification into a retryable error', async () => {
    fake.failWith(502, { path: '/verification/bank-account/sync' });
    const account = accountNumber();
    const error = await recorded(client.verifyBankAccount({ accountNumber: account, ifsc: 'HDFC0001234', name: 'Asha Verma' }));
    expect(error).toMatchObject({ status: 502, retryable: true });
  });
});

describe('credentials and what errors may show', () => {
  it('passes on a 401 for wrong credentials, without the secret it sent', async () => {
    const wrongSecret = 'cfsk_ma_test_this_is_not_the_secret';
    const error = await recorded(clientFor(fake, { clientSecret: wrongSecret }).getTransfer('whatever'));
    expect(error).toMatchObject({ status: 401, providerCode: 'authentication_failed', retryable: false });
    expect(error.message).not.toContain(wrongSecret);
  });

  it('reports an unreachable Cashfree as a retryable network error', async () => {
    const port = await closedPort();
    const offline = new CashfreePayoutsClient({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      environment: 'sandbox',
      apiUrl: `http://127.0.0.1:${port}`,
    });
    const error = await recorded(offline.getBeneficiary('anyone'));
    expect(error).toMatchObject({ status: null, providerCode: 'network_error', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('cuts the secret and any account number out of whatever Cashfree says', async () => {
    const account = '918273645546372819';
    const echoing = clientFor(fake, {
      fetch: async () =>
        Response.json(
          // The account once as sent and once in another form (leading zero), which only the digit-run mask catches.
          {
            type: 'invalid_request_error',
            code: 'echo',
            message: `secret ${fake.clientSecret}, account ${account} (0${account}) received`,
          },
          { status: 400 },
        ),
    });
    const error = await recorded(echoing.verifyBankAccount({ accountNumber: account, ifsc: 'HDFC0001234', name: 'Asha Verma' }));
    expect(error.message).toBe(
      'Cashfree Payouts refused to verify a bank account (HTTP 400 echo): secret [redacted], account XXXXXX2819 (XXXXXX2819) received',
    );
  });

  it('does not follow a redirect (it would carry the secret elsewhere)', async () => {
    let calls = 0;
    const redirecting = clientFor(fake, {
      fetch: async (_url, init) => {
        calls += 1;
        expect(init?.redirect).toBe('manual');
        return new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/payout' } });
      },
    });
    expect(await recorded(redirecting.getTransfer('whatever'))).toMatchObject({
      status: 302,
      providerCode: 'unexpected_redirect',
      retryable: false,
    });
    expect(calls).toBe(1);
  });

  it('treats an accepted create with an unreadable body as an unknown outcome', async () => {
    const garbled = clientFor(fake, { fetch: async () => new Response('<html>ok</html>', { status: 200 }) });
    const error = await recorded(garbled.createTransfer({ transferId: unique('payout'), amount: 1_000, beneficiaryId: 'bene' }));
    expect(error).toMatchObject({ status: 200, providerCode: 'unexpected_response', retryable: true });
    expect(error.message).toContain('never send it again');
  });

  it('never puts the client secret in an error message, nor in the client when printed', () => {
    expect(seenMessages.length).toBeGreaterThan(10);
    for (const message of seenMessages) {
      expect(message).not.toContain(fake.clientSecret);
      expect(message).not.toMatch(/\d{9,}/);
    }
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain(fake.clientSecret);
    expect(JSON.stringify(client)).not.toContain(fake.clientSecret);
  });
});

/** A port on 127.0.0.1 that nothing listens on (it was just released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
