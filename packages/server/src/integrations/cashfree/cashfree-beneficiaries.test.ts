import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCashfreePayouts } from '../../../test/fakes/cashfree-payouts-fake';
import { BeneficiaryError } from '../../providers/payout-beneficiaries';
import { CashfreeBeneficiaries } from './cashfree-beneficiaries';
import { CashfreePayoutsClient } from './payouts-client';

// The payout rail's beneficiary calls against the Cashfree Payouts fake: what the payouts feature relies on is the
// classification of Cashfree's failures, and that full details come back in the shape it hashes.

let fake: FakeCashfreePayouts;
let beneficiaries: CashfreeBeneficiaries;
let sequence = 0;
const unique = (prefix: string) => `${prefix}_${++sequence}`;
/** Account numbers differ per test, as the fake refuses one account under two ids. */
const accountNumber = () => `5010${String(100_000_000 + ++sequence)}`;

beforeAll(async () => {
  fake = await FakeCashfreePayouts.start();
  const client = new CashfreePayoutsClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    environment: 'sandbox',
    apiUrl: fake.origin,
    timeoutMs: 10_000,
  });
  beneficiaries = new CashfreeBeneficiaries(client);
});
afterAll(async () => {
  await fake.close();
});

async function failure(call: Promise<unknown>): Promise<BeneficiaryError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BeneficiaryError)) throw new Error(`expected a BeneficiaryError, got ${String(error)}`);
  return error;
}

describe('registering, reading back and removing', () => {
  it('reads a bank account back with its full numbers, and a removal answers whether there was one', async () => {
    const id = unique('tc_bank');
    const instrument = { kind: 'bank_account' as const, accountNumber: accountNumber(), ifsc: 'HDFC0001234' };
    await beneficiaries.registerBeneficiary({ beneficiaryId: id, name: 'Asha Verma', instrument, contact: { email: 'a@example.com' } });

    expect(await beneficiaries.findBeneficiary(id)).toEqual({ beneficiaryId: id, name: 'Asha Verma', instrument });
    expect(await beneficiaries.removeBeneficiary(id)).toBe(true);
    expect(await beneficiaries.removeBeneficiary(id)).toBe(false);
    expect(await beneficiaries.findBeneficiary(id)).toBeNull();
  });

  it('reads a UPI id back as a UPI instrument', async () => {
    const id = unique('tc_upi');
    await beneficiaries.registerBeneficiary({ beneficiaryId: id, name: 'Asha Verma', instrument: { kind: 'upi', vpa: 'asha@okhdfcbank' } });
    expect(await beneficiaries.findBeneficiary(id)).toEqual({
      beneficiaryId: id,
      name: 'Asha Verma',
      instrument: { kind: 'upi', vpa: 'asha@okhdfcbank' },
    });
  });
});

describe("Cashfree's failures, classified", () => {
  it('an id already registered is id_taken, and the same account under another id is instrument_taken', async () => {
    const id = unique('tc_taken');
    const instrument = { kind: 'bank_account' as const, accountNumber: accountNumber(), ifsc: 'HDFC0001234' };
    await beneficiaries.registerBeneficiary({ beneficiaryId: id, name: 'Asha Verma', instrument });

    const sameId = await failure(beneficiaries.registerBeneficiary({ beneficiaryId: id, name: 'Asha Verma', instrument }));
    expect(sameId).toMatchObject({
      failure: 'id_taken',
      outcomeUnknown: false,
      status: 409,
      providerCode: 'beneficiary_id_already_exists',
    });

    const sameAccount = await failure(
      beneficiaries.registerBeneficiary({ beneficiaryId: unique('tc_other'), name: 'Asha Verma', instrument }),
    );
    expect(sameAccount).toMatchObject({ failure: 'instrument_taken', outcomeUnknown: false, providerCode: 'beneficiary_already_exists' });
  });

  it('details Cashfree refuses are invalid_details, with its reason and no full account number', async () => {
    const instrument = { kind: 'bank_account' as const, accountNumber: fake.sourceAccountNumber, ifsc: 'HDFC0001234' };
    const refused = await failure(
      beneficiaries.registerBeneficiary({ beneficiaryId: unique('tc_source'), name: 'Asha Verma', instrument }),
    );
    expect(refused).toMatchObject({ failure: 'invalid_details', outcomeUnknown: false, status: 422 });
    expect(refused.message).toMatch(/same as source/);
    expect(refused.message).not.toContain(fake.sourceAccountNumber);
  });

  it('a 5xx is unavailable with an unknown outcome; a refused request (429) is unavailable with a known one', async () => {
    fake.failRequest('POST', '/payout/beneficiary', { status: 503 });
    const instrument = { kind: 'upi' as const, vpa: 'asha@okaxis' };
    const down = await failure(beneficiaries.registerBeneficiary({ beneficiaryId: unique('tc_down'), name: 'Asha Verma', instrument }));
    expect(down).toMatchObject({ failure: 'unavailable', outcomeUnknown: true, status: 503 });

    fake.failRequest('DELETE', '/payout/beneficiary', { status: 429 });
    const slow = await failure(beneficiaries.removeBeneficiary(unique('tc_slow')));
    expect(slow).toMatchObject({ failure: 'unavailable', outcomeUnknown: false, status: 429 });
  });
});

describe('verification', () => {
  it('checks a bank account with the name given', async () => {
    const account = accountNumber();
    fake.setBankAccount(account, 'HDFC0001234', { status: 'VALID', nameAtBank: 'ASHA VERMA' });
    const result = await beneficiaries.verifyInstrument(
      { kind: 'bank_account', accountNumber: account, ifsc: 'HDFC0001234' },
      'Asha Verma',
    );
    expect(result).toMatchObject({ outcome: 'valid', nameAtBank: 'ASHA VERMA', nameMatch: 'DIRECT_MATCH', providerStatus: 'VALID' });
  });

  it('checks a UPI id again and again: each attempt has a verification id of its own', async () => {
    fake.setUpiId('asha@okicici', { status: 'VALID', nameAtBank: 'ASHA VERMA' });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = await beneficiaries.verifyInstrument({ kind: 'upi', vpa: 'asha@okicici' }, 'Asha Verma');
      expect(result).toMatchObject({ outcome: 'valid', nameMatch: 'DIRECT_MATCH' });
    }
  });
});
