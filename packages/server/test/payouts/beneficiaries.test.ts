import type { Beneficiary } from '@tipchat/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CashfreePayoutsClient } from '../../src/integrations/cashfree/payouts-client';
import { caught } from '../support/errors';
import {
  accountNumber,
  beneficiaryWrites,
  cashfreeId,
  type PayoutServer,
  recordingFetch,
  type Streamer,
  startPayoutServer,
  streamer,
  upiId,
} from './beneficiary-fixtures';

// Adding, verifying, replacing and removing beneficiaries through the SDK, against a real server whose Cashfree
// Payouts is the fake. What is refused (bad input, other streamers, restricted accounts, Cashfree down) is in
// beneficiaries-refusals.test.ts.

let payouts: PayoutServer;
/** Every response body the streamers of this file received, checked at the end for unmasked numbers. */
const responses: string[] = [];
/** Every full number this file used, none of which may appear in a response, a log line or a stored row. */
const secrets: string[] = [];

beforeAll(async () => {
  payouts = await startPayoutServer();
}, 120_000);
afterAll(() => payouts?.close());

const newStreamer = () => streamer(payouts.server, { fetch: recordingFetch(responses) });
const requestsTo = (method: string) => payouts.fake.requestsTo(method, '/payout/beneficiary');
const lastBody = (method: string, path: string) => JSON.parse(payouts.fake.requestsTo(method, path).at(-1)?.body ?? 'null');

function bankDetails(account = accountNumber(), name = 'Asha Verma') {
  secrets.push(account);
  return { kind: 'bank_account' as const, name, accountNumber: account, ifsc: 'HDFC0001234' };
}
function upiDetails(vpa = upiId(), name = 'Asha Verma') {
  secrets.push(vpa);
  return { kind: 'upi' as const, name, vpa };
}

async function history(owner: Streamer) {
  return owner.client.payouts.beneficiaryHistory();
}

describe('a bank account', () => {
  it('is registered at Cashfree under tc_<our id> with the full details, stored and answered masked, and verified with the name match', async () => {
    const owner = await newStreamer();
    const details = { ...bankDetails(), pan: 'abcde1234f', email: 'asha@example.com', phone: '+919876543210' };
    secrets.push('ABCDE1234F');
    payouts.fake.setBankAccount(details.accountNumber, 'HDFC0001234', { status: 'VALID', nameAtBank: 'ASHA VERMA', bankName: 'HDFC BANK' });

    const added = await owner.client.payouts.addBeneficiary(details);
    expect(added).toEqual({
      id: expect.any(String),
      kind: 'bank_account',
      name: 'Asha Verma',
      accountMasked: `XXXXXX${details.accountNumber.slice(-4)}`,
      ifsc: 'HDFC0001234',
      vpaMasked: null,
      panMasked: 'XXXXXX234F',
      verification: 'unverified',
      nameMatch: null,
      nameAtBank: null,
      verifiedAt: null,
      createdAt: expect.any(String),
    });
    expect(lastBody('POST', '/payout/beneficiary')).toEqual({
      beneficiary_id: cashfreeId(added.id),
      beneficiary_name: 'Asha Verma',
      beneficiary_instrument_details: { bank_account_number: details.accountNumber, bank_ifsc: 'HDFC0001234' },
      beneficiary_contact_details: { beneficiary_email: 'asha@example.com', beneficiary_phone: '+919876543210' },
    });

    const verified = await owner.client.payouts.verifyBeneficiary(added.id);
    expect(verified).toMatchObject({ id: added.id, verification: 'valid', nameMatch: 'DIRECT_MATCH', nameAtBank: 'ASHA VERMA' });
    expect(Date.parse(verified.verifiedAt ?? '')).not.toBeNaN();
    // The full number came from Cashfree (we do not keep it) and went to the bank check with the name.
    expect(lastBody('POST', '/verification/bank-account/sync')).toEqual({
      bank_account: details.accountNumber,
      ifsc: 'HDFC0001234',
      name: 'Asha Verma',
    });
    expect(await owner.client.payouts.listBeneficiaries()).toEqual([verified]);

    const [row] = await payouts.server.app.sql<
      { text: string }[]
    >`select b::text as text from payout_beneficiaries b where id = ${added.id}`;
    expect(row?.text).not.toContain(details.accountNumber);
    expect(row?.text).not.toContain('ABCDE1234F');
  });

  it('shows a weak name match, an invalid account and a bank that could not answer as the bank reported them', async () => {
    const owner = await newStreamer();
    const cases = [
      [
        { status: 'VALID', nameAtBank: 'A VERMA', nameMatch: 'POOR_PARTIAL_MATCH' },
        { verification: 'valid', nameMatch: 'POOR_PARTIAL_MATCH', nameAtBank: 'A VERMA' },
      ],
      [
        { status: 'INVALID', statusCode: 'ACCOUNT_BLOCKED' },
        { verification: 'invalid', nameMatch: null, nameAtBank: null },
      ],
      [
        { status: 'FAILED', statusCode: 'BENEFICIARY_BANK_OFFLINE' },
        { verification: 'inconclusive', nameMatch: null, nameAtBank: null },
      ],
    ] as const;
    for (const [bank, shown] of cases) {
      const details = bankDetails();
      payouts.fake.setBankAccount(details.accountNumber, details.ifsc, bank);
      const added = await owner.client.payouts.addBeneficiary(details);
      expect(await owner.client.payouts.verifyBeneficiary(added.id)).toMatchObject(shown);
    }
    const entries = (await history(owner)).filter((e) => e.action === 'verified').map((e) => e.details.outcome);
    expect(entries).toEqual(['inconclusive', 'invalid', 'valid']);
  });
});

describe('a UPI id', () => {
  it('is registered with only the vpa, answered masked, and verified with the name behind it', async () => {
    const owner = await newStreamer();
    const vpa = upiId('ravi');
    const details = upiDetails(vpa.toUpperCase(), 'Ravi Kumar');
    secrets.push(vpa);
    payouts.fake.setUpiId(vpa, { status: 'VALID', nameAtBank: 'RAVI K', nameMatch: 'GOOD_PARTIAL_MATCH' });

    const added = await owner.client.payouts.addBeneficiary(details);
    expect(added).toMatchObject({ kind: 'upi', name: 'Ravi Kumar', accountMasked: null, ifsc: null, vpaMasked: `ra****@okhdfcbank` });
    expect(lastBody('POST', '/payout/beneficiary')).toEqual({
      beneficiary_id: cashfreeId(added.id),
      beneficiary_name: 'Ravi Kumar',
      beneficiary_instrument_details: { vpa },
    });

    const verified = await owner.client.payouts.verifyBeneficiary(added.id);
    expect(verified).toMatchObject({ verification: 'valid', nameMatch: 'GOOD_PARTIAL_MATCH', nameAtBank: 'RAVI K' });
    expect(lastBody('POST', '/verification/upi')).toEqual({
      verification_id: expect.stringMatching(/^tcv_[0-9a-f]{32}$/),
      vpa,
      name: 'Ravi Kumar',
    });
  });

  it('is invalid when NPCI says the id expired', async () => {
    const owner = await newStreamer();
    const details = upiDetails();
    payouts.fake.setUpiId(details.vpa, { status: 'EXPIRED' });
    const added = await owner.client.payouts.addBeneficiary(details);
    expect(await owner.client.payouts.verifyBeneficiary(added.id)).toMatchObject({ verification: 'invalid', nameMatch: null });
  });
});

describe('replacing', () => {
  it('deletes the beneficiary at Cashfree and creates it again under the same id, resets the verification and records old and new', async () => {
    const owner = await newStreamer();
    const old = bankDetails();
    payouts.fake.setBankAccount(old.accountNumber, old.ifsc, { status: 'VALID' });
    const added = await owner.client.payouts.addBeneficiary(old);
    await owner.client.payouts.verifyBeneficiary(added.id);
    const before = payouts.fake.requests.length;

    const replacement = upiDetails(undefined, 'Asha Verma');
    const replaced = await owner.client.payouts.updateBeneficiary(added.id, replacement);
    expect(replaced).toMatchObject({
      id: added.id,
      kind: 'upi',
      accountMasked: null,
      ifsc: null,
      vpaMasked: expect.stringMatching(/^as\*\*\*\*@okhdfcbank$/),
      verification: 'unverified',
      nameMatch: null,
      nameAtBank: null,
      verifiedAt: null,
      createdAt: added.createdAt,
    });
    const calls = payouts.fake.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.query.get('beneficiary_id') ?? ''}`.trim());
    expect(calls).toEqual([
      `GET /payout/beneficiary ${cashfreeId(added.id)}`,
      `DELETE /payout/beneficiary ${cashfreeId(added.id)}`,
      'POST /payout/beneficiary',
    ]);
    expect(lastBody('POST', '/payout/beneficiary')).toMatchObject({
      beneficiary_id: cashfreeId(added.id),
      beneficiary_instrument_details: { vpa: replacement.vpa },
    });
    expect(payouts.fake.beneficiary(cashfreeId(added.id))).toMatchObject({ vpa: replacement.vpa, bankAccountNumber: null });

    const [latest] = await history(owner);
    expect(latest).toMatchObject({
      beneficiaryId: added.id,
      action: 'replaced',
      details: {
        old: { kind: 'bank_account', name: 'Asha Verma', accountMasked: added.accountMasked, ifsc: 'HDFC0001234', vpaMasked: null },
        new: { kind: 'upi', name: 'Asha Verma', accountMasked: null, ifsc: null, vpaMasked: replaced.vpaMasked },
      },
    });
  });

  it('puts the old details back when Cashfree refuses the new ones, and changes nothing', async () => {
    const owner = await newStreamer();
    const old = bankDetails();
    const added = await owner.client.payouts.addBeneficiary(old);
    const stored = await beneficiaryWrites(payouts.server);

    // Cashfree refuses its merchant's own funding account as a beneficiary (422).
    const error = await caught(owner.client.payouts.updateBeneficiary(added.id, bankDetails(payouts.fake.sourceAccountNumber)));
    expect(error).toMatchObject({ status: 422, code: 'BENEFICIARY_INVALID' });
    expect(error.details).toMatchObject({
      beneficiaryId: added.id,
      pendingReplacement: false,
      providerCode: 'beneficiary_account_same_as_source',
    });
    expect(payouts.fake.beneficiary(cashfreeId(added.id))).toMatchObject({ bankAccountNumber: old.accountNumber, ifsc: old.ifsc });
    expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
    expect(await owner.client.payouts.listBeneficiaries()).toEqual([added]);
  });

  it('leaves the beneficiary marked when the new details cannot be confirmed after the delete, and a second update completes it', async () => {
    const owner = await newStreamer();
    const old = bankDetails();
    const added = await owner.client.payouts.addBeneficiary(old);
    const replacement = bankDetails();
    payouts.fake.setBankAccount(replacement.accountNumber, replacement.ifsc, { status: 'VALID' });

    payouts.fake.failRequest('POST', '/payout/beneficiary', { status: 503 });
    const error = await caught(owner.client.payouts.updateBeneficiary(added.id, replacement));
    expect(error).toMatchObject({ status: 502, code: 'PAYOUT_PROVIDER_ERROR' });
    expect(error.message).toMatch(/previous details were removed at Cashfree.*send the update again/);
    expect(error.details).toMatchObject({ beneficiaryId: added.id, pendingReplacement: true });
    expect(payouts.fake.hasBeneficiary(cashfreeId(added.id))).toBe(false);
    const [marked] = await payouts.server.app.sql<{ providerState: string; providerChangeUntil: Date | null }[]>`
      select provider_state, provider_change_until from payout_beneficiaries where id = ${added.id}`;
    expect(marked).toEqual({ providerState: 'replacing', providerChangeUntil: null });
    // Nothing may be verified (or paid) against details Cashfree does not hold.
    expect(await caught(owner.client.payouts.verifyBeneficiary(added.id))).toMatchObject({
      status: 409,
      code: 'BENEFICIARY_NOT_REGISTERED',
    });

    const replaced = await owner.client.payouts.updateBeneficiary(added.id, replacement);
    expect(replaced).toMatchObject({ id: added.id, accountMasked: `XXXXXX${replacement.accountNumber.slice(-4)}` });
    expect(payouts.fake.beneficiary(cashfreeId(added.id))).toMatchObject({ bankAccountNumber: replacement.accountNumber });
    expect(await owner.client.payouts.verifyBeneficiary(added.id)).toMatchObject({ verification: 'valid' });
    expect((await history(owner)).filter((e) => e.action === 'replaced')).toHaveLength(1);
  });

  it('keeps the new details Cashfree created when only its answer was lost, on the second update', async () => {
    const owner = await newStreamer();
    const added = await owner.client.payouts.addBeneficiary(upiDetails());
    const replacement = upiDetails();
    payouts.fake.failRequest('POST', '/payout/beneficiary', { status: 504, processed: true });
    expect(await caught(owner.client.payouts.updateBeneficiary(added.id, replacement))).toMatchObject({ status: 502 });
    expect(payouts.fake.beneficiary(cashfreeId(added.id))).toMatchObject({ vpa: replacement.vpa });

    const replaced = await owner.client.payouts.updateBeneficiary(added.id, replacement);
    expect(replaced.vpaMasked).toMatch(/^as\*\*\*\*@okhdfcbank$/);
    expect(payouts.fake.beneficiary(cashfreeId(added.id))).toMatchObject({ vpa: replacement.vpa });
  });
});

describe('removing', () => {
  it('deletes the beneficiary at Cashfree, hides it from the list and records it; a second removal is not found', async () => {
    const owner = await newStreamer();
    const kept = await owner.client.payouts.addBeneficiary(upiDetails());
    const gone = await owner.client.payouts.addBeneficiary(bankDetails());
    await owner.client.payouts.removeBeneficiary(gone.id);

    expect(payouts.fake.hasBeneficiary(cashfreeId(gone.id))).toBe(false);
    expect(payouts.fake.requestsTo('DELETE', '/payout/beneficiary').at(-1)?.query.get('beneficiary_id')).toBe(cashfreeId(gone.id));
    expect(await owner.client.payouts.listBeneficiaries()).toEqual([kept]);
    expect((await history(owner))[0]).toMatchObject({
      beneficiaryId: gone.id,
      action: 'removed',
      details: { kind: 'bank_account', accountMasked: gone.accountMasked },
    });
    expect(await caught(owner.client.payouts.removeBeneficiary(gone.id))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await caught(owner.client.payouts.verifyBeneficiary(gone.id))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('removes a beneficiary Cashfree no longer has all the same', async () => {
    const owner = await newStreamer();
    const added = await owner.client.payouts.addBeneficiary(upiDetails());
    const direct = new CashfreePayoutsClient({
      clientId: payouts.fake.clientId,
      clientSecret: payouts.fake.clientSecret,
      environment: 'sandbox',
      apiUrl: payouts.fake.origin,
    });
    await direct.deleteBeneficiary(cashfreeId(added.id));
    await owner.client.payouts.removeBeneficiary(added.id);
    expect(await owner.client.payouts.listBeneficiaries()).toEqual([]);
  });

  it('accepts the id in a JSON body too', async () => {
    const owner = await newStreamer();
    const added = await owner.client.payouts.addBeneficiary(upiDetails());
    const response = await fetch(`${payouts.server.url}/api/v1/payout/beneficiary`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${owner.client.tokens?.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ beneficiaryId: added.id }),
    });
    expect(response.status).toBe(200);
    expect(await owner.client.payouts.listBeneficiaries()).toEqual([]);
  });

  it('can add the same account again after removing it, as a new beneficiary', async () => {
    const owner = await newStreamer();
    const details = bankDetails();
    const first = await owner.client.payouts.addBeneficiary(details);
    await owner.client.payouts.removeBeneficiary(first.id);
    const again = await owner.client.payouts.addBeneficiary(details);
    expect(again.id).not.toBe(first.id);
    expect(payouts.fake.beneficiary(cashfreeId(again.id))).toMatchObject({ bankAccountNumber: details.accountNumber });
  });
});

describe('a payout in flight', () => {
  async function payoutTo(owner: Streamer, beneficiary: Beneficiary, status: string) {
    const [row] = await payouts.server.app.sql<{ id: string }[]>`
      insert into payouts (channel_id, rail, beneficiary_id, amount, currency, status, origin, transfer_id)
      values (${owner.channelId}, 'cashfree', ${beneficiary.id}, 50000, 'INR', ${status}, 'manual', ${`payout_${beneficiary.id.slice(0, 8)}_${status}`})
      returning id`;
    return row?.id ?? '';
  }

  it.each(['requested', 'processing', 'unknown'])(
    'keeps the beneficiary from being replaced or removed while a payout is %s',
    async (status) => {
      const owner = await newStreamer();
      const added = await owner.client.payouts.addBeneficiary(bankDetails());
      const payoutId = await payoutTo(owner, added, status);
      const stored = await beneficiaryWrites(payouts.server);
      const cashfreeCalls = requestsTo('DELETE').length + requestsTo('POST').length;

      expect(await caught(owner.client.payouts.removeBeneficiary(added.id))).toMatchObject({ status: 409, code: 'BENEFICIARY_IN_USE' });
      expect(await caught(owner.client.payouts.updateBeneficiary(added.id, upiDetails()))).toMatchObject({
        status: 409,
        code: 'BENEFICIARY_IN_USE',
      });
      expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
      expect(requestsTo('DELETE').length + requestsTo('POST').length).toBe(cashfreeCalls);

      await payouts.server.app.sql`update payouts set status = 'succeeded' where id = ${payoutId}`;
      await owner.client.payouts.removeBeneficiary(added.id);
      expect(await owner.client.payouts.listBeneficiaries()).toEqual([]);
    },
  );
});

describe('history', () => {
  it('lists added, verified, replaced and removed newest first, with masked details only', async () => {
    const owner = await newStreamer();
    const details = bankDetails();
    payouts.fake.setBankAccount(details.accountNumber, details.ifsc, { status: 'VALID' });
    const added = await owner.client.payouts.addBeneficiary(details);
    await owner.client.payouts.verifyBeneficiary(added.id);
    await owner.client.payouts.updateBeneficiary(added.id, upiDetails());
    await owner.client.payouts.removeBeneficiary(added.id);

    const entries = await history(owner);
    expect(entries.map((e) => e.action)).toEqual(['removed', 'replaced', 'verified', 'added']);
    expect(entries.every((e) => e.beneficiaryId === added.id)).toBe(true);
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));
    expect(entries[3]?.details).toEqual({
      kind: 'bank_account',
      name: 'Asha Verma',
      accountMasked: added.accountMasked,
      ifsc: 'HDFC0001234',
      vpaMasked: null,
      panMasked: null,
    });
    expect(entries[2]?.details).toMatchObject({ outcome: 'valid', nameMatch: 'DIRECT_MATCH', nameAtBank: 'ASHA VERMA' });
    const [actor] = await payouts.server.app.sql<{ actors: string[] }[]>`
      select array_agg(distinct actor_user_id::text) as actors from payout_beneficiary_history where channel_id = ${owner.channelId}`;
    expect(actor?.actors).toEqual([owner.userId]);
  });

  it('is another streamer’s own: each sees only their channel’s entries', async () => {
    const one = await newStreamer();
    const two = await newStreamer();
    await one.client.payouts.addBeneficiary(upiDetails());
    expect(await two.client.payouts.beneficiaryHistory()).toEqual([]);
    expect(await two.client.payouts.listBeneficiaries()).toEqual([]);
  });
});

describe('adding twice', () => {
  it('refuses an instrument the channel already has, however it is typed, before calling Cashfree', async () => {
    const owner = await newStreamer();
    const account = accountNumber();
    const vpa = upiId();
    await owner.client.payouts.addBeneficiary(bankDetails(account));
    await owner.client.payouts.addBeneficiary(upiDetails(vpa));
    const stored = await beneficiaryWrites(payouts.server);
    const calls = requestsTo('POST').length;

    const spaced = `${account.slice(0, 4)} ${account.slice(4, 8)} ${account.slice(8)}`;
    for (const again of [
      bankDetails(spaced, 'Someone Else'),
      { ...bankDetails(account), ifsc: ' hdfc0001234 ' },
      upiDetails(` ${vpa.toUpperCase()} `),
    ]) {
      expect(await caught(owner.client.payouts.addBeneficiary(again))).toMatchObject({ status: 409, code: 'BENEFICIARY_EXISTS' });
    }
    expect(requestsTo('POST')).toHaveLength(calls);
    expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
  });

  it('refuses to replace a beneficiary with details another of the channel’s beneficiaries has', async () => {
    const owner = await newStreamer();
    const vpa = upiId();
    await owner.client.payouts.addBeneficiary(upiDetails(vpa));
    const other = await owner.client.payouts.addBeneficiary(bankDetails());
    expect(await caught(owner.client.payouts.updateBeneficiary(other.id, upiDetails(vpa)))).toMatchObject({
      status: 409,
      code: 'BENEFICIARY_EXISTS',
    });
  });

  it('refuses a bank account Cashfree holds for another channel', async () => {
    const one = await newStreamer();
    const two = await newStreamer();
    const details = bankDetails();
    await one.client.payouts.addBeneficiary(details);
    const stored = await beneficiaryWrites(payouts.server);
    expect(await caught(two.client.payouts.addBeneficiary(details))).toMatchObject({ status: 409, code: 'BENEFICIARY_EXISTS' });
    expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
  });

  it('keeps what Cashfree created when an add is retried after a lost answer: one beneficiary, one id', async () => {
    const owner = await newStreamer();
    const details = upiDetails();
    const stored = await beneficiaryWrites(payouts.server);
    payouts.fake.failRequest('POST', '/payout/beneficiary', { status: 504, processed: true });
    expect(await caught(owner.client.payouts.addBeneficiary(details))).toMatchObject({ status: 502, code: 'PAYOUT_PROVIDER_ERROR' });
    expect(await beneficiaryWrites(payouts.server)).toEqual(stored);
    const atCashfree = payouts.fake.beneficiaryCount();

    const added = await owner.client.payouts.addBeneficiary(details);
    const ids = requestsTo('POST')
      .slice(-2)
      .map((r) => JSON.parse(r.body).beneficiary_id);
    expect(ids).toEqual([cashfreeId(added.id), cashfreeId(added.id)]);
    expect(payouts.fake.beneficiaryCount()).toBe(atCashfree);
    expect(await owner.client.payouts.listBeneficiaries()).toEqual([added]);
  });

  it('makes the beneficiary again when a retried add comes with another name than the lost first try', async () => {
    const owner = await newStreamer();
    const vpa = upiId();
    payouts.fake.failRequest('POST', '/payout/beneficiary', { status: 504, processed: true });
    await caught(owner.client.payouts.addBeneficiary(upiDetails(vpa, 'Asha Vrma')));
    const added = await owner.client.payouts.addBeneficiary(upiDetails(vpa, 'Asha Verma'));
    expect(payouts.fake.beneficiary(cashfreeId(added.id))).toMatchObject({ name: 'Asha Verma', vpa });
  });
});

describe('at the same time', () => {
  it('makes one beneficiary of two adds of the same instrument', async () => {
    const owner = await newStreamer();
    const details = bankDetails();
    const atCashfree = payouts.fake.beneficiaryCount();
    const results = await Promise.allSettled([owner.client.payouts.addBeneficiary(details), owner.client.payouts.addBeneficiary(details)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ status: 409, code: 'BENEFICIARY_EXISTS' });
    expect(await owner.client.payouts.listBeneficiaries()).toHaveLength(1);
    expect(payouts.fake.beneficiaryCount()).toBe(atCashfree + 1);
  });

  it('leaves Cashfree and the row agreeing whichever of several concurrent replacements wins', async () => {
    const owner = await newStreamer();
    const added = await owner.client.payouts.addBeneficiary(bankDetails());
    const replacements = [bankDetails(), bankDetails(), bankDetails(), bankDetails()];
    const results = await Promise.allSettled(replacements.map((details) => owner.client.payouts.updateBeneficiary(added.id, details)));
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ status: 409, code: 'BENEFICIARY_BUSY' });
    }
    const [row] = await owner.client.payouts.listBeneficiaries();
    const held = payouts.fake.beneficiary(cashfreeId(added.id));
    expect(row?.accountMasked).toBe(`XXXXXX${held?.bankAccountNumber?.slice(-4)}`);
    const [state] = await payouts.server.app.sql<
      { providerState: string }[]
    >`select provider_state from payout_beneficiaries where id = ${added.id}`;
    expect(state?.providerState).toBe('registered');
    const replaced = (await history(owner)).filter((e) => e.action === 'replaced');
    expect(replaced).toHaveLength(results.filter((r) => r.status === 'fulfilled').length);
  });

  it('holds a beneficiary a crashed request was changing until its lease passes', async () => {
    const owner = await newStreamer();
    const details = bankDetails();
    payouts.fake.setBankAccount(details.accountNumber, details.ifsc, { status: 'VALID' });
    const added = await owner.client.payouts.addBeneficiary(details);
    await payouts.server.app.sql`
      update payout_beneficiaries set provider_change_until = now() + interval '1 minute' where id = ${added.id}`;
    const stored = await beneficiaryWrites(payouts.server);
    for (const call of [
      () => owner.client.payouts.verifyBeneficiary(added.id),
      () => owner.client.payouts.removeBeneficiary(added.id),
      () => owner.client.payouts.updateBeneficiary(added.id, upiDetails()),
    ]) {
      expect(await caught(call())).toMatchObject({ status: 409, code: 'BENEFICIARY_BUSY' });
    }
    expect(await beneficiaryWrites(payouts.server)).toEqual(stored);

    await payouts.server.app.sql`
      update payout_beneficiaries set provider_change_until = now() - interval '1 second' where id = ${added.id}`;
    expect(await owner.client.payouts.verifyBeneficiary(added.id)).toMatchObject({ verification: 'valid' });
    await owner.client.payouts.removeBeneficiary(added.id);
  });
});

describe('masking', () => {
  it('never shows a full account number, UPI id or PAN in a response, a log line or a stored row', async () => {
    expect(responses.length).toBeGreaterThan(20);
    expect(payouts.logLines.length).toBeGreaterThan(20);
    const stored = await payouts.server.app.sql<{ text: string }[]>`
      select b::text as text from payout_beneficiaries b
      union all select h::text from payout_beneficiary_history h`;
    const everything = [...responses, ...payouts.logLines, ...stored.map((r) => r.text)].join('\n').toLowerCase();
    const leaked = secrets.filter((secret) => everything.includes(secret.replace(/\s+/g, '').trim().toLowerCase()));
    expect(leaked).toEqual([]);
    // The log does carry what happened, by id.
    expect(payouts.logLines.some((line) => line.includes('payout beneficiary added'))).toBe(true);
  });
});
