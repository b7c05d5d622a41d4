import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCashfreeWebhook } from '../../src/integrations/cashfree/cashfree-signature';
import { CashfreePayoutsClient } from '../../src/integrations/cashfree/payouts-client';
import { FakeCashfreePayouts } from './cashfree-payouts-fake';

// The client's behaviour against this fake is tested in src/integrations/cashfree/payouts-client.test.ts; here, what the
// fake offers tests besides its API: transfer webhooks and the rules of settle.

let fake: FakeCashfreePayouts;
let client: CashfreePayoutsClient;

beforeAll(async () => {
  fake = await FakeCashfreePayouts.start();
  client = new CashfreePayoutsClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    environment: 'sandbox',
    apiUrl: fake.origin,
  });
  await client.createBeneficiary({
    beneficiaryId: 'bene_webhooks',
    name: 'Asha Verma',
    instrument: { kind: 'bank_account', accountNumber: '501001234567', ifsc: 'HDFC0001234' },
  });
});
afterAll(async () => {
  await fake.close();
});

async function transfer(transferId: string, amount = 15_000) {
  await client.createTransfer({ transferId, amount, beneficiaryId: 'bene_webhooks' });
}

describe('transfer webhooks of the fake Cashfree Payouts', () => {
  it('signs a TRANSFER_SUCCESS delivery so that our Cashfree verifier accepts it with the client secret', async () => {
    await transfer('wh_success');
    fake.settle('wh_success', 'SUCCESS');
    const delivery = fake.transferWebhook('wh_success', 'TRANSFER_SUCCESS');

    const verified = verifyCashfreeWebhook(delivery.body, delivery.headers, { secrets: [fake.clientSecret] });
    expect(verified.event.type).toBe('TRANSFER_SUCCESS');
    expect(verified.event.event_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/);
    expect(verified.event.data).toMatchObject({
      transfer_id: 'wh_success',
      status: 'SUCCESS',
      status_code: 'COMPLETED',
      transfer_amount: 150,
      beneficiary_details: { beneficiary_id: 'bene_webhooks' },
      transfer_utr: expect.stringMatching(/^CFUTR\d+$/),
    });
    // Written as Cashfree writes amounts, with two decimals: a verifier that re-serialises the JSON would fail.
    expect(delivery.body.toString('utf8')).toContain('"transfer_amount":150.00');
  });

  it('refuses the delivery when the body is re-serialised or signed with another secret', async () => {
    await transfer('wh_tamper');
    fake.settle('wh_tamper', 'FAILED');
    const delivery = fake.transferWebhook('wh_tamper', 'TRANSFER_FAILED');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(delivery.body.toString('utf8'))));
    expect(() => verifyCashfreeWebhook(reserialised, delivery.headers, { secrets: [fake.clientSecret] })).toThrow(/does not match/);
    expect(() => verifyCashfreeWebhook(delivery.body, delivery.headers, { secrets: ['cfsk_ma_test_other'] })).toThrow(/does not match/);
  });

  it('can still build the TRANSFER_SUCCESS of a transfer later REVERSED, as it was then (late delivery)', async () => {
    await transfer('wh_reversed');
    fake.settle('wh_reversed', 'SUCCESS');
    fake.settle('wh_reversed', 'REVERSED');

    const late = JSON.parse(fake.transferWebhook('wh_reversed', 'TRANSFER_SUCCESS').body.toString('utf8'));
    const reversal = JSON.parse(fake.transferWebhook('wh_reversed', 'TRANSFER_REVERSED').body.toString('utf8'));
    expect(late).toMatchObject({ type: 'TRANSFER_SUCCESS', data: { status: 'SUCCESS' } });
    expect(reversal).toMatchObject({ type: 'TRANSFER_REVERSED', data: { status: 'REVERSED', status_code: 'INVALID_ACCOUNT_FAIL' } });
    expect(Date.parse(reversal.data.updated_on)).toBeGreaterThanOrEqual(Date.parse(late.data.updated_on));
    expect((await client.getTransfer('wh_reversed'))?.status).toBe('REVERSED');
  });

  it('refuses a webhook for a status the transfer never had, and moves that a bank would not make', async () => {
    await transfer('wh_rules');
    expect(() => fake.transferWebhook('wh_rules', 'TRANSFER_SUCCESS')).toThrow(/never SUCCESS/);
    fake.settle('wh_rules', 'REJECTED');
    expect(() => fake.settle('wh_rules', 'SUCCESS')).toThrow(/cannot move/);
    expect(() => fake.settle('wh_rules', 'REVERSED')).toThrow(/cannot move/);
    expect(fake.transferWebhook('wh_rules', 'TRANSFER_REJECTED').headers).toMatchObject({
      'x-webhook-signature': expect.any(String),
      'x-webhook-timestamp': expect.stringMatching(/^\d+$/),
    });
  });

  it('answers a request with the wrong API version as Cashfree would refuse it, and without credentials with 401', async () => {
    const wrongVersion = await fetch(`${fake.origin}/payout/transfers?transfer_id=wh_rules`, {
      headers: { 'x-client-id': fake.clientId, 'x-client-secret': fake.clientSecret, 'x-api-version': '2022-09-01' },
    });
    expect(wrongVersion.status).toBe(400);
    expect(await wrongVersion.json()).toMatchObject({ type: 'invalid_request_error', code: 'x_api_version_invalid' });

    const anonymous = await fetch(`${fake.origin}/payout/transfers?transfer_id=wh_rules`, { headers: { 'x-api-version': '2024-01-01' } });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ type: 'authentication_error', code: 'authentication_failed' });
  });
});
