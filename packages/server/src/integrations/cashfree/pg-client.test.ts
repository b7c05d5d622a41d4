import { CFEnvironment } from 'cashfree-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCashfree } from '../../../test/fakes/cashfree-fake';
import { createCashfreeClient } from './pg-client';

let fake: FakeCashfree;

beforeAll(async () => {
  fake = await FakeCashfree.start();
});
afterAll(() => fake.close());

describe('createCashfreeClient', () => {
  it('builds a production client with error analytics off that apiUrl sends to another origin', async () => {
    const client = createCashfreeClient({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      environment: 'production',
      apiUrl: `${fake.origin}/`,
    });
    expect(client.XEnvironment).toBe(CFEnvironment.PRODUCTION);
    expect(client.XEnableErrorAnalytics).toBe(false);
    await expect(client.PGFetchOrder('tip_unknown')).rejects.toMatchObject({ response: { status: 404 } });
    expect(fake.requestsTo('GET', '/pg/orders/tip_unknown')).toHaveLength(1);
  });

  it('refuses, before anything is sent, a URL outside its environment’s prefix', async () => {
    const client = createCashfreeClient({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      environment: 'production',
      apiUrl: fake.origin,
    });
    client.XEnvironment = CFEnvironment.SANDBOX;
    const before = fake.requests.length;
    await expect(client.PGFetchOrder('tip_a')).rejects.toThrow(
      'Refusing a Cashfree request outside https://api.cashfree.com/pg: https://sandbox.cashfree.com/pg/orders/tip_a',
    );
    expect(fake.requests.length).toBe(before);
  });

  it('refuses to build without a client id or secret', () => {
    expect(() => createCashfreeClient({ clientId: '', clientSecret: 's', environment: 'sandbox' })).toThrow(/client id and secret/);
    expect(() => createCashfreeClient({ clientId: 'id', clientSecret: ' ', environment: 'sandbox' })).toThrow(/client id and secret/);
  });
});
