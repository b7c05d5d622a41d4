import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelWithStreamer } from '../../../test/support/accounts';
import { expectError, send } from '../../../test/support/raw';
import { startTestServer, type TestServer } from '../../../test/support/server';

let bare: TestServer;
let stripe: TestServer;

beforeAll(async () => {
  [bare, stripe] = await Promise.all([
    startTestServer(),
    startTestServer({
      STRIPE_SECRET_KEY: 'sk_test_availability',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_availability',
      STRIPE_WEBHOOK_SECRET: 'whsec_availability',
      // Never called: availability is the configuration's answer.
      STRIPE_API_URL: 'http://127.0.0.1:9',
    }),
  ]);
}, 120_000);
afterAll(() => Promise.all([bare?.close(), stripe?.close()]));

describe('GET /payout/availability', () => {
  it('says a server without the currency’s rail cannot pay out, and why', async () => {
    const usd = await channelWithStreamer(bare, { slug: 'avail-usd', displayName: 'USD', currency: 'USD' });
    expect(await usd.owner.payouts.availability()).toEqual({
      currency: 'USD',
      rail: 'stripe',
      available: false,
      reason: expect.stringContaining('not set up for Stripe Connect, which pays out USD'),
    });
    const inr = await channelWithStreamer(bare, { slug: 'avail-inr', displayName: 'INR', currency: 'INR' });
    expect(await inr.owner.payouts.availability()).toMatchObject({ currency: 'INR', rail: 'cashfree', available: false });
  });

  it('says a server with the rail can, currency by currency', async () => {
    const usd = await channelWithStreamer(stripe, { slug: 'avail-usd', displayName: 'USD', currency: 'USD' });
    expect(await usd.owner.payouts.availability()).toEqual({ currency: 'USD', rail: 'stripe', available: true, reason: null });
    // Stripe pays out every currency but INR, which needs Cashfree Payouts.
    const inr = await channelWithStreamer(stripe, { slug: 'avail-inr', displayName: 'INR', currency: 'INR' });
    expect(await inr.owner.payouts.availability()).toMatchObject({ currency: 'INR', rail: 'cashfree', available: false });
  });

  it('is the channel owner’s only', async () => {
    expectError(await send(bare, { method: 'GET', path: '/api/v1/payout/availability' }), 401, 'UNAUTHENTICATED');
  });
});
