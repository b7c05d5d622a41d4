import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCashfreePayouts } from '../../../test/fakes/cashfree-payouts-fake';
import { signCashfreeDelivery } from '../../../test/fakes/cashfree-webhooks';
import { RailError, type TransferRequest } from '../../providers/payout-rail';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import { CashfreeRail } from './cashfree-rail';
import { CashfreePayoutsClient } from './payouts-client';

let fake: FakeCashfreePayouts;
let rail: CashfreeRail;
const logged: { level: 'info' | 'warn'; args: unknown[] }[] = [];
const log = {
  info: (...args: unknown[]) => logged.push({ level: 'info', args }),
  warn: (...args: unknown[]) => logged.push({ level: 'warn', args }),
};
let sequence = 0;
const unique = (prefix: string) => `${prefix}_${++sequence}`;
const BANK_BENEFICIARY = 'tc_rail_bank';
const UPI_BENEFICIARY = 'tc_rail_upi';

function clientFor(options: { apiUrl?: string; timeoutMs?: number } = {}) {
  return new CashfreePayoutsClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    environment: 'sandbox',
    apiUrl: options.apiUrl ?? fake.origin,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

beforeAll(async () => {
  fake = await FakeCashfreePayouts.start();
  const client = clientFor();
  rail = new CashfreeRail({ client, webhookSecrets: [fake.clientSecret], log });
  await client.createBeneficiary({
    beneficiaryId: BANK_BENEFICIARY,
    name: 'Asha Verma',
    instrument: { kind: 'bank_account', accountNumber: '501009876543', ifsc: 'HDFC0001234' },
  });
  await client.createBeneficiary({
    beneficiaryId: UPI_BENEFICIARY,
    name: 'Asha Verma',
    instrument: { kind: 'upi', vpa: 'asha@okhdfcbank' },
  });
});
afterAll(async () => {
  await fake.close();
});

function request(overrides: Partial<TransferRequest> = {}): TransferRequest {
  const transferId = unique('payout');
  return {
    payoutId: transferId,
    transferId,
    amount: 25_050,
    currency: 'INR',
    destination: BANK_BENEFICIARY,
    description: 'tipchat payout #42!',
    ...overrides,
  };
}

async function railError(promise: Promise<unknown>): Promise<RailError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RailError) return error;
    throw error;
  }
  throw new Error('expected a RailError');
}

function webhookError(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error('expected a WebhookVerificationError');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('send', () => {
  it('creates the transfer with our transfer id, the amount in paise, the beneficiary and bank transfer mode, and answers pending', async () => {
    const sent = request();
    const state = await rail.send(sent);
    expect(state).toEqual({ state: 'pending', reference: expect.stringMatching(/^\d+$/) });
    const body = JSON.parse(fake.requestsTo('POST', '/payout/transfers').at(-1)?.body ?? '');
    expect(body).toEqual({
      transfer_id: sent.transferId,
      transfer_amount: 250.5,
      transfer_currency: 'INR',
      transfer_mode: 'banktransfer',
      beneficiary_details: { beneficiary_id: BANK_BENEFICIARY },
      // Cashfree takes letters, digits and spaces only.
      transfer_remarks: 'tipchat payout 42',
    });
  });

  it('sends a UPI payout in upi mode', async () => {
    await rail.send(request({ destination: UPI_BENEFICIARY, mode: 'upi' }));
    expect(JSON.parse(fake.requestsTo('POST', '/payout/transfers').at(-1)?.body ?? '')).toMatchObject({
      transfer_mode: 'upi',
      beneficiary_details: { beneficiary_id: UPI_BENEFICIARY },
    });
  });

  it('answers a transfer Cashfree already has (an earlier try) with its status instead of sending it again', async () => {
    const sent = request();
    await rail.send(sent);
    fake.settle(sent.transferId, 'SUCCESS');
    const transfers = fake.transferCount();
    expect(await rail.send(sent)).toEqual({ state: 'succeeded', reference: expect.stringMatching(/^CFUTR\d+$/) });
    expect(fake.transferCount()).toBe(transfers);
  });

  it('refuses a currency other than INR without calling Cashfree', async () => {
    const before = fake.requestsTo('POST', '/payout/transfers').length;
    const error = await railError(rail.send(request({ currency: 'USD' })));
    expect(error).toMatchObject({ rail: 'cashfree', outcomeUnknown: false, providerCode: 'currency_not_supported' });
    expect(fake.requestsTo('POST', '/payout/transfers')).toHaveLength(before);
  });

  it('refuses an amount that is not whole paise before sending, as a known outcome', async () => {
    const before = fake.requestsTo('POST', '/payout/transfers').length;
    expect(await railError(rail.send(request({ amount: 10.5 })))).toMatchObject({ outcomeUnknown: false });
    expect(fake.requestsTo('POST', '/payout/transfers')).toHaveLength(before);
  });

  it.each([
    ['an unknown beneficiary (404)', { destination: 'tc_nobody' }, 'beneficiary_not_found'],
    ['an amount below ₹1.00 (400)', { amount: 99 }, 'transfer_amount_invalid'],
  ] as const)('reports a refusal for %s as a known outcome with Cashfree’s code', async (_case, overrides, providerCode) => {
    expect(await railError(rail.send(request(overrides)))).toMatchObject({ rail: 'cashfree', outcomeUnknown: false, providerCode });
  });

  it('reports a 429 as a known outcome: Cashfree turned the request away unread', async () => {
    fake.failWith(429, { path: '/payout/transfers' });
    const sent = request();
    expect(await railError(rail.send(sent))).toMatchObject({ outcomeUnknown: false });
    expect(await rail.status(sent.transferId)).toEqual({ state: 'missing' });
  });

  it('reports a 5xx as an unknown outcome', async () => {
    fake.failWith(503, { path: '/payout/transfers' });
    expect(await railError(rail.send(request()))).toMatchObject({ outcomeUnknown: true, providerCode: 'internal_server_error' });
  });

  it('reports a lost answer as an unknown outcome; status then finds the transfer Cashfree did receive', async () => {
    fake.failRequest('POST', '/payout/transfers', { status: 504, processed: true });
    const sent = request();
    expect(await railError(rail.send(sent))).toMatchObject({ outcomeUnknown: true });
    expect(await rail.status(sent.transferId)).toEqual({ state: 'pending', reference: expect.stringMatching(/^\d+$/) });
  });

  it('reports a timeout as an unknown outcome', async () => {
    const impatient = new CashfreeRail({ client: clientFor({ timeoutMs: 200 }), webhookSecrets: [fake.clientSecret], log });
    fake.hang({ processed: true, path: '/payout/transfers' });
    const sent = request();
    expect(await railError(impatient.send(sent))).toMatchObject({ outcomeUnknown: true, providerCode: 'timeout' });
    expect((await rail.status(sent.transferId)).state).toBe('pending');
  });

  it('reports an unreachable Cashfree as an unknown outcome', async () => {
    const offline = new CashfreeRail({
      client: clientFor({ apiUrl: `http://127.0.0.1:${await closedPort()}` }),
      webhookSecrets: [fake.clientSecret],
      log,
    });
    expect(await railError(offline.send(request()))).toMatchObject({ outcomeUnknown: true, providerCode: 'network_error' });
    expect(await railError(offline.status('payout_any'))).toMatchObject({ outcomeUnknown: true, providerCode: 'network_error' });
  });
});

describe('status', () => {
  it.each(['QUEUED', 'PENDING', 'APPROVAL_PENDING'] as const)('maps %s to pending', async (waiting) => {
    const sent = request();
    await rail.send(sent);
    fake.hold(sent.transferId, waiting);
    expect(await rail.status(sent.transferId)).toEqual({ state: 'pending', reference: expect.stringMatching(/^\d+$/) });
  });

  it('maps RECEIVED to pending and SUCCESS to succeeded with the UTR as reference', async () => {
    const sent = request();
    await rail.send(sent);
    expect((await rail.status(sent.transferId)).state).toBe('pending');
    fake.settle(sent.transferId, 'SUCCESS');
    expect(await rail.status(sent.transferId)).toEqual({ state: 'succeeded', reference: expect.stringMatching(/^CFUTR\d+$/) });
  });

  it.each([
    ['FAILED', 'IMPS_MODE_FAIL'],
    ['REJECTED', 'INVALID_MODE_FOR_PYID'],
    ['MANUALLY_REJECTED', 'MANUALLY_REJECTED'],
  ] as const)('maps %s to failed with Cashfree’s reason', async (status, code) => {
    const sent = request();
    await rail.send(sent);
    fake.settle(sent.transferId, status);
    const state = await rail.status(sent.transferId);
    expect(state).toEqual({
      state: 'failed',
      reference: expect.stringMatching(/^\d+$/),
      reason: expect.stringMatching(new RegExp(`^${code}: .+`)),
    });
  });

  it('maps REVERSED after SUCCESS to reversed with the reason and the UTR of the transfer', async () => {
    const sent = request();
    await rail.send(sent);
    fake.settle(sent.transferId, 'SUCCESS');
    const succeeded = await rail.status(sent.transferId);
    fake.settle(sent.transferId, 'REVERSED');
    expect(await rail.status(sent.transferId)).toEqual({
      state: 'reversed',
      reference: succeeded.state === 'succeeded' ? succeeded.reference : 'no reference',
      reason: expect.stringMatching(/^INVALID_ACCOUNT_FAIL: /),
    });
  });

  it('answers missing for a transfer Cashfree does not have', async () => {
    expect(await rail.status('payout_never_sent')).toEqual({ state: 'missing' });
  });

  it('reports a 5xx while reading as an unknown outcome', async () => {
    fake.failWith(500, { path: '/payout/transfers' });
    expect(await railError(rail.status('payout_any'))).toMatchObject({ outcomeUnknown: true });
  });
});

describe('parseWebhook', () => {
  async function settled(status: 'SUCCESS' | 'FAILED' | 'REJECTED') {
    const sent = request();
    await rail.send(sent);
    fake.settle(sent.transferId, status);
    return sent.transferId;
  }

  it('turns a signed TRANSFER_SUCCESS into one succeeded event with an id of type, transfer and status', async () => {
    const transferId = await settled('SUCCESS');
    const delivery = fake.transferWebhook(transferId, 'TRANSFER_SUCCESS');
    expect(rail.parseWebhook(delivery.body, delivery.headers)).toEqual([
      {
        eventId: `TRANSFER_SUCCESS:${transferId}:SUCCESS`,
        transferId,
        status: { state: 'succeeded', reference: expect.stringMatching(/^CFUTR\d+$/) },
      },
    ]);
  });

  it.each([
    ['TRANSFER_FAILED', 'FAILED', 'IMPS_MODE_FAIL'],
    ['TRANSFER_REJECTED', 'REJECTED', 'INVALID_MODE_FOR_PYID'],
  ] as const)('turns %s into a failed event with the reason', async (type, status, code) => {
    const transferId = await settled(status);
    const delivery = fake.transferWebhook(transferId, type);
    expect(rail.parseWebhook(delivery.body, delivery.headers)).toEqual([
      {
        eventId: `${type}:${transferId}:${status}`,
        transferId,
        status: { state: 'failed', reference: expect.stringMatching(/^\d+$/), reason: expect.stringMatching(new RegExp(`^${code}: `)) },
      },
    ]);
  });

  it('turns TRANSFER_REVERSED into a reversed event, and a late TRANSFER_SUCCESS of the same transfer keeps its own id', async () => {
    const transferId = await settled('SUCCESS');
    fake.settle(transferId, 'REVERSED');
    const reversal = fake.transferWebhook(transferId, 'TRANSFER_REVERSED');
    const late = fake.transferWebhook(transferId, 'TRANSFER_SUCCESS');
    const [reversed] = rail.parseWebhook(reversal.body, reversal.headers);
    const [success] = rail.parseWebhook(late.body, late.headers);
    expect(reversed).toMatchObject({
      eventId: `TRANSFER_REVERSED:${transferId}:REVERSED`,
      status: { state: 'reversed', reason: expect.stringMatching(/^INVALID_ACCOUNT_FAIL: /) },
    });
    expect(success).toMatchObject({ eventId: `TRANSFER_SUCCESS:${transferId}:SUCCESS`, status: { state: 'succeeded' } });
  });

  it('turns TRANSFER_ACKNOWLEDGED (debited, not yet credited) into a pending event', () => {
    const delivery = fake.signedWebhook('TRANSFER_ACKNOWLEDGED', {
      transfer_id: 'payout_ack',
      cf_transfer_id: '123456789',
      status: 'SUCCESS',
      status_code: 'SENT_TO_BENEFICIARY',
    });
    expect(rail.parseWebhook(delivery.body, delivery.headers)).toEqual([
      {
        eventId: 'TRANSFER_ACKNOWLEDGED:payout_ack:SUCCESS',
        transferId: 'payout_ack',
        status: { state: 'pending', reference: '123456789' },
      },
    ]);
  });

  it.each(['BENEFICIARY_INCIDENT', 'LOW_BALANCE_ALERT'])('verifies %s, applies nothing and logs it without its data', (type) => {
    const delivery = fake.signedWebhook(type, { bank_account_number: '501009876543', current_balance: 120.5 });
    logged.length = 0;
    expect(rail.parseWebhook(delivery.body, delivery.headers)).toEqual([]);
    expect(logged).toEqual([
      { level: 'warn', args: [{ type, eventTime: expect.any(String) }, expect.stringContaining('not about a transfer')] },
    ]);
    expect(JSON.stringify(logged)).not.toContain('501009876543');
  });

  it('refuses a transfer event without a transfer id as unparsable', () => {
    const delivery = fake.signedWebhook('TRANSFER_SUCCESS', { status: 'SUCCESS' });
    expect(webhookError(() => rail.parseWebhook(delivery.body, delivery.headers))).toMatchObject({ reason: 'unparsable_body' });
  });

  describe('signature failures', () => {
    let delivery: { body: Buffer; headers: Record<string, string> };
    beforeAll(async () => {
      delivery = fake.transferWebhook(await settled('SUCCESS'), 'TRANSFER_SUCCESS');
    });
    const without = (name: string) => Object.fromEntries(Object.entries(delivery.headers).filter(([key]) => key !== name));

    it('refuses a delivery without a signature or a timestamp', () => {
      expect(webhookError(() => rail.parseWebhook(delivery.body, without('x-webhook-signature')))).toMatchObject({
        reason: 'missing_header',
      });
      expect(webhookError(() => rail.parseWebhook(delivery.body, without('x-webhook-timestamp')))).toMatchObject({
        reason: 'missing_header',
      });
    });

    it('refuses a delivery signed with another secret (the PG one, say)', () => {
      const forged = signCashfreeDelivery(JSON.parse(delivery.body.toString('utf8')), { secret: 'cfsk_ma_test_someone_else' });
      expect(webhookError(() => rail.parseWebhook(forged.body, forged.headers))).toMatchObject({ reason: 'signature_mismatch' });
    });

    it('refuses a tampered body, and one re-serialised (170.00 → 170)', () => {
      const tampered = Buffer.from(delivery.body.toString('utf8').replace('"SUCCESS"', '"REVERSED"'));
      expect(webhookError(() => rail.parseWebhook(tampered, delivery.headers))).toMatchObject({ reason: 'signature_mismatch' });
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(delivery.body.toString('utf8'))));
      expect(webhookError(() => rail.parseWebhook(reserialised, delivery.headers))).toMatchObject({ reason: 'signature_mismatch' });
    });

    it('refuses a delivery signed more than an hour ago, or far in the future', () => {
      const stale = fake.signedWebhook(
        'TRANSFER_SUCCESS',
        { transfer_id: 'payout_old', status: 'SUCCESS' },
        { timestampMs: Date.now() - 3_700_000 },
      );
      expect(webhookError(() => rail.parseWebhook(stale.body, stale.headers))).toMatchObject({ reason: 'stale_timestamp' });
      const future = fake.signedWebhook(
        'TRANSFER_SUCCESS',
        { transfer_id: 'payout_new', status: 'SUCCESS' },
        { timestampMs: Date.now() + 600_000 },
      );
      expect(webhookError(() => rail.parseWebhook(future.body, future.headers))).toMatchObject({ reason: 'future_timestamp' });
    });

    it('accepts a delivery signed with a rotated-in secret listed beside the current one', () => {
      const rotating = new CashfreeRail({ client: clientFor(), webhookSecrets: ['cfsk_ma_test_next', fake.clientSecret], log });
      expect(rotating.parseWebhook(delivery.body, delivery.headers)).toHaveLength(1);
    });
  });
});

describe('construction', () => {
  it('needs a webhook secret', () => {
    expect(() => new CashfreeRail({ client: clientFor(), webhookSecrets: [' '], log })).toThrow(/client secret/);
  });

  it('is null without Cashfree Payouts configuration, and verifies webhooks with the Payouts client secret otherwise', async () => {
    expect(CashfreeRail.fromConfig(null, log)).toBeNull();
    const configured = CashfreeRail.fromConfig(
      { clientId: fake.clientId, clientSecret: fake.clientSecret, environment: 'sandbox', apiUrl: fake.origin },
      log,
    );
    expect(configured?.name).toBe('cashfree');
    const sent = request();
    expect((await configured?.send(sent))?.state).toBe('pending');
    fake.settle(sent.transferId, 'FAILED');
    const delivery = fake.transferWebhook(sent.transferId, 'TRANSFER_FAILED');
    expect(configured?.parseWebhook(delivery.body, delivery.headers)).toHaveLength(1);
  });
});
