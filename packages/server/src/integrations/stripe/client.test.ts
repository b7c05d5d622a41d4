import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStripe } from '../../../test/fakes/stripe-fake';
import { createStripeClient } from './client';

let fake: FakeStripe;

beforeAll(async () => {
  fake = await FakeStripe.start();
});
afterAll(() => fake.close());

const intent = { amount: 500, currency: 'usd', metadata: { tip_id: 'tip-client' } };

describe('createStripeClient', () => {
  it('reaches the API at apiUrl (a trailing slash is fine) with the secret key', async () => {
    const stripe = createStripeClient({ secretKey: fake.apiKey, apiUrl: `http://127.0.0.1:${fake.port}/`, maxNetworkRetries: 0 });
    const created = await stripe.paymentIntents.create(intent, { idempotencyKey: 'client:reach' });
    expect(created).toMatchObject({ object: 'payment_intent', amount: 500 });
    expect(fake.requestsTo('POST', '/v1/payment_intents').at(-1)?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('retries a Stripe 5xx by default with the same idempotency key, so the retry creates nothing twice', async () => {
    const stripe = createStripeClient({ secretKey: fake.apiKey, apiUrl: `http://127.0.0.1:${fake.port}` });
    const before = fake.paymentIntentCount();
    const sentBefore = fake.requestsTo('POST', '/v1/payment_intents').length;
    fake.failWith(500, { path: '/v1/payment_intents' });

    const created = await stripe.paymentIntents.create(intent, { idempotencyKey: 'client:retry' });

    const sent = fake.requestsTo('POST', '/v1/payment_intents').slice(sentBefore);
    expect(sent.map((r) => r.headers['idempotency-key'])).toEqual(['client:retry', 'client:retry']);
    expect(created.status).toBe('requires_payment_method');
    expect(fake.paymentIntentCount()).toBe(before + 1);
  });

  it('refuses an API URL it could not honour', () => {
    const make = (apiUrl: string) => () => createStripeClient({ secretKey: fake.apiKey, apiUrl });
    expect(make('not a url')).toThrow(/not a URL/);
    expect(make('ftp://127.0.0.1:21')).toThrow(/http or https/);
    expect(make('http://127.0.0.1:1234/stripe')).toThrow(/path/);
    expect(make('http://user:pass@127.0.0.1:1234')).toThrow(/credentials/);
  });

  it('refuses an empty secret key', () => {
    expect(() => createStripeClient({ secretKey: ' ' })).toThrow(/secret key/);
  });
});
