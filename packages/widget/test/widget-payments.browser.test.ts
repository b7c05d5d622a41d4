import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FakeCashfree } from '../../server/test/fakes/cashfree-fake';
import { signCashfreeDelivery } from '../../server/test/fakes/cashfree-webhooks';
import { FakeStripe } from '../../server/test/fakes/stripe-fake';
import { signStripeDelivery, stripeEvent } from '../../server/test/fakes/stripe-webhooks';
import { startedForSuite } from '../../server/test/support/per-suite';
import { eventually, recorded, screenshot, streamer, useWidgetWorld, widget } from './widget.harness';

/**
 * The providers' payment steps in the browser. The tipchat server talks to local fakes of
 * Stripe's and Cashfree's APIs (as the server's own tests do), and the browser gets stand-ins
 * for Stripe.js and Cashfree's JS SDK at their real URLs (the network here reaches neither):
 * what is checked is the widget's side — the script loaded only at the pay step, from the
 * provider's origin, given the tip's client secret or payment session, mounted in light DOM —
 * and that the outcome then comes from the server, after the provider's signed webhook.
 */

const STRIPE_JS = 'https://js.stripe.com/v3';
const CASHFREE_JS = 'https://sdk.cashfree.com/js/v3/cashfree.js';

/** Records what the widget asked of Stripe.js; `window.__stripeDecline` makes the next confirmation fail like a declined card. */
const FAKE_STRIPE_JS = `
window.__stripe = { confirmations: 0 };
window.Stripe = (publishableKey) => ({
  elements: ({ clientSecret, appearance }) => {
    Object.assign(window.__stripe, { publishableKey, clientSecret, theme: appearance.theme });
    return {
      create: (type) => ({
        mount(target) {
          target.textContent = 'Stripe ' + type + ' element';
          window.__stripe.mountedIn = target.getRootNode() === document ? 'light DOM' : 'shadow DOM';
          window.__stripe.slot = target.slot;
        },
        destroy() { window.__stripe.destroyed = true; },
      }),
    };
  },
  async confirmPayment({ redirect }) {
    window.__stripe.confirmations++;
    window.__stripe.redirect = redirect;
    if (window.__stripeDecline) { window.__stripeDecline = false; return { error: { message: 'Your card was declined.' } }; }
    return {};
  },
});`;

/** Cashfree's checkout popup, finished by the viewer at once. */
const FAKE_CASHFREE_JS = `
window.Cashfree = ({ mode }) => ({
  async checkout({ paymentSessionId, redirectTarget }) {
    window.__cashfree = { mode, paymentSessionId, redirectTarget };
    return { paymentDetails: { paymentMessage: 'Payment finished. Check status.' } };
  },
});`;

const stripeWebhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
// Started before the world and stopped after it (stacked hooks): the server talks to both.
const stripe = startedForSuite(
  () => FakeStripe.start(),
  (fake) => fake.close(),
);
const cashfree = startedForSuite(
  () => FakeCashfree.start(),
  (fake) => fake.close(),
);
const world = useWidgetWorld({
  env: () => ({
    STRIPE_SECRET_KEY: stripe.apiKey,
    STRIPE_PUBLISHABLE_KEY: 'pk_test_tipchatwidget',
    STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
    STRIPE_API_URL: `http://127.0.0.1:${stripe.port}`,
    CASHFREE_CLIENT_ID: cashfree.clientId,
    CASHFREE_CLIENT_SECRET: cashfree.clientSecret,
    CASHFREE_ENV: 'sandbox',
    CASHFREE_API_URL: cashfree.origin,
    DEV_PAYMENTS: 'false',
  }),
  providerScripts: ['https://js.stripe.com', 'https://sdk.cashfree.com'],
});

/** Serves the stand-in scripts at the providers' URLs, and lists every request to those origins. */
async function withProviderScripts(context: BrowserContext): Promise<string[]> {
  const requested: string[] = [];
  await context.route(/^https:\/\/(js\.stripe\.com|sdk\.cashfree\.com)\//, (route) => {
    requested.push(route.request().url());
    const url = route.request().url();
    const body = url === STRIPE_JS ? FAKE_STRIPE_JS : url === CASHFREE_JS ? FAKE_CASHFREE_JS : undefined;
    return body === undefined ? route.abort() : route.fulfill({ contentType: 'text/javascript', body });
  });
  return requested;
}

async function deliver(provider: 'stripe' | 'cashfree', delivery: { body: Buffer; headers: Record<string, string> }): Promise<void> {
  const response = await fetch(`${world.server}/api/v1/webhooks/${provider}`, {
    method: 'POST',
    headers: delivery.headers,
    body: new Uint8Array(delivery.body),
  });
  expect(response.status).toBe(200);
}

async function openTipForm(slug: string, name: string): Promise<{ page: Page; context: BrowserContext; requested: string[] }> {
  const context = await world.browser.newContext({ viewport: { width: 480, height: 620 } });
  const requested = await withProviderScripts(context);
  const page = await context.newPage();
  await page.goto(world.pageFor(slug));
  const w = widget(page);
  await w.settled();
  await w.part('tip-button').click();
  await w.tipForm.locator('input[name="name"]').fill(name);
  return { page, context, requested };
}

describe('<tipchat-widget> paying with Stripe', () => {
  it('loads Stripe.js only at the pay step, mounts the Payment Element in light DOM, and shows the tip once Stripe reports it paid', async () => {
    await streamer(world.server, { email: 'stripe@example.com', slug: 'card-room', displayName: 'Card Room', live: true, currency: 'USD' });
    const { page, context, requested } = await openTipForm('card-room', 'Card Holder');
    const w = widget(page);
    // Opening the form loads nothing from Stripe.
    expect(requested).toEqual([]);

    await w.part('pay').click();
    await eventually(() => page.evaluate(() => (window as { __stripe?: { mountedIn?: string } }).__stripe?.mountedIn)).toBe('light DOM');
    expect(requested).toEqual([STRIPE_JS]);
    const seen = await page.evaluate(() => (window as unknown as { __stripe: Record<string, unknown> }).__stripe);
    expect(seen).toMatchObject({
      publishableKey: 'pk_test_tipchatwidget',
      clientSecret: expect.stringMatching(/_secret_/),
      theme: 'stripe',
      slot: 'payment',
    });
    // The element shows inside the tip form, through the widget's slot.
    expect(await page.locator('tipchat-widget > [slot="payment"]').textContent()).toBe('Stripe payment element');
    await screenshot(w.root, 'widget-stripe-step');

    // A declined card keeps the viewer on the step with Stripe's message.
    await page.evaluate(() => {
      (window as { __stripeDecline?: boolean }).__stripeDecline = true;
    });
    await w.tipForm.getByRole('button', { name: 'Pay', exact: true }).click();
    await eventually(() => w.tipForm.locator('[role="alert"]').textContent()).toBe('Your card was declined.');

    // Paid on the second try: Stripe (the fake) completes the PaymentIntent and sends the signed webhook.
    await w.tipForm.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __stripe: { confirmations: number } }).__stripe.confirmations))
      .toBe(2);
    const clientSecret = String(seen.clientSecret);
    const intentId = clientSecret.slice(0, clientSecret.indexOf('_secret_'));
    await deliver(
      'stripe',
      signStripeDelivery(stripeEvent('payment_intent.succeeded', stripe.succeedPaymentIntent(intentId)), {
        secrets: [stripeWebhookSecret],
      }),
    );
    await eventually(() => w.part('result').textContent(), 20_000).toBe('Thank you! $2 sent');
    // The element is gone from the page once the payment settled.
    expect(await page.locator('tipchat-widget > [slot="payment"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __stripe: { redirect: string } }).__stripe.redirect)).toBe('if_required');
    expect((await recorded(page)).csp).toEqual([]);
    await context.close();
  });
});

describe('<tipchat-widget> paying with Cashfree', () => {
  it("loads Cashfree's checkout only at the pay step, opens it for the order's payment session, and shows the tip once Cashfree reports it paid", async () => {
    await streamer(world.server, { email: 'upi@example.com', slug: 'upi-room', displayName: 'UPI Room', live: true, currency: 'INR' });
    const { page, context, requested } = await openTipForm('upi-room', 'UPI Payer');
    const w = widget(page);
    expect(requested).toEqual([]);

    await w.part('pay').click();
    await expect
      .poll(() => page.evaluate(() => (window as { __cashfree?: unknown }).__cashfree))
      .toMatchObject({
        mode: 'sandbox',
        paymentSessionId: expect.stringMatching(/^session_/),
        redirectTarget: '_modal',
      });
    expect(requested).toEqual([CASHFREE_JS]);
    // The checkout closed; the widget waits for Cashfree's word through the server.
    await eventually(() => w.part('result').textContent()).toBe('Waiting for payment…');

    const started = (await recorded(page)).events.find((e) => e.type === 'tipchat-tip-started');
    const tipId = (started?.detail.tip as { id: string } | undefined)?.id;
    await deliver(
      'cashfree',
      signCashfreeDelivery(cashfree.paymentWebhook(cashfree.pay(`tip_${tipId}`)), { secret: cashfree.clientSecret }),
    );
    await eventually(() => w.part('result').textContent(), 20_000).toBe('Thank you! ₹50 sent');
    expect((await recorded(page)).csp).toEqual([]);
    await context.close();
  });
});
