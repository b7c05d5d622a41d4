import type { TipchatServer } from '@tipchat/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount } from '../src/internal/format';
import {
  type Bundles,
  builtBundles,
  dash,
  dashboardContext,
  devTip,
  onView,
  PASSWORD,
  startServer,
  verifiedAccount,
} from './dashboard.harness';
import { launchChromium, unusedUrl } from './widget.harness';

/**
 * The dashboard's rough edges from issue 14: counts that say "1 tips", refusals that name the
 * API's fields ("slug: …"), a payout minimum given in minor units, and no favicon on the
 * server's pages.
 */

let bundles: Bundles;
let api: TipchatServer;
let server: string;
let browser: Browser;
let accounts = 0;

beforeAll(async () => {
  bundles = await builtBundles();
  // Stripe keys make Stripe Connect pay out USD, so the payout form is offered (its API is never reached here).
  ({ api, url: server } = await startServer({
    PAYOUT_MINIMUM: 'USD:10000',
    STRIPE_SECRET_KEY: 'sk_test_tipchatpolish',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_tipchatpolish',
    STRIPE_WEBHOOK_SECRET: 'whsec_tipchatpolish',
    STRIPE_API_URL: await unusedUrl(),
  }));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** A verified streamer signed in to the dashboard at `path`, with a USD channel unless `channel` is false. */
async function signedIn(path: string, channel = true): Promise<{ page: Page; slug: string; close: () => Promise<void> }> {
  const n = ++accounts;
  const email = `polish${n}@example.com`;
  const slug = `polish-${n}`;
  const client = await verifiedAccount(server, email);
  if (channel) await client.channels.create({ slug, displayName: `Polish ${n}`, currency: 'USD' });
  const { context } = await dashboardContext(browser, bundles);
  const page = await context.newPage();
  await page.goto(`${server}/dashboard/login`);
  const d = dash(page);
  await d.field('Email').fill(email);
  await d.field('Password').fill(PASSWORD);
  await d.button('Sign in').click();
  await d.root.locator('nav').waitFor();
  await page.goto(`${server}/dashboard${path}`);
  return { page, slug, close: () => context.close() };
}

describe('dashboard wording', () => {
  it('says "1 tip", not "1 tips"', async () => {
    const { page, slug, close } = await signedIn('/tips');
    await devTip(server, slug, { amount: 500, currency: 'USD', displayName: 'Only Fan' });
    await page.reload();
    await onView(page, 'Tips');
    const count = dash(page)
      .root.locator('tipchat-dash-tip-feed strong')
      .filter({ hasText: /^\d+ tips?$/ });
    await expect.poll(() => count.first().textContent(), { timeout: 15_000 }).toBe('1 tip');
    await close();
  });

  it('names a refused field by its label, not the API field name', async () => {
    const { page, close } = await signedIn('/', false);
    const d = dash(page);
    await onView(page, 'Create your channel');
    await d.field('Channel address').fill('Not A Slug!');
    await d.field('Channel name').fill('Polished');
    await d.button('Create channel').click();
    await d.errors.locator('li').first().waitFor();
    const issues = await d.errors.locator('li').allTextContents();
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue).toMatch(/^Channel address: /);
    await close();
  });

  it('states the smallest payout as money', async () => {
    const { page, close } = await signedIn('/earnings');
    const d = dash(page);
    await onView(page, 'Earnings & payouts');
    await d.field('Amount (USD)').fill('1');
    await d.button('Request payout').click();
    const error = d.errors.filter({ hasText: 'smallest payout' });
    await error.waitFor();
    expect(await error.locator('p').first().textContent()).toBe(`The smallest payout is ${formatAmount(10_000, 'USD', 'en')}.`);
    await close();
  });
});

describe('favicon', () => {
  it('asks for no missing favicon on the dashboard or a channel page', async () => {
    const { page, slug, close } = await signedIn('/');
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    for (const path of ['/dashboard', `/c/${slug}`]) {
      await page.goto(`${server}${path}`);
      await page.waitForLoadState('networkidle');
    }
    // Chromium asks for /favicon.ico after the load unless the page names an icon.
    await page.waitForTimeout(500);
    expect(missing).toEqual([]);
    expect(await page.locator('head link[rel="icon"]').count()).toBe(1);
    await close();
  });
});
