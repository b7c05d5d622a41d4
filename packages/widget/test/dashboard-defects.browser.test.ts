import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../src/dashboard/format';
import {
  type Bundles,
  builtBundles,
  dash,
  dashboardContext,
  devTip,
  mailedToken,
  onView,
  PASSWORD,
  PHONE,
  startServer,
  verifiedAccount,
} from './dashboard.harness';
import { launchChromium, unusedUrl } from './widget.harness';

/**
 * Dashboard defects from issue 14, each seen in the browser: payouts offered on a server that
 * cannot pay out (and a "next automatic payout" in the past), the unstyled dead end of the mailed
 * verification link, goals that cannot count from mid-stream, tippers that cannot be banned from
 * the tip list, phone tabs hidden past the edge, a tier table wider than a phone, and dates
 * formatted three ways.
 */

let bundles: Bundles;
/** No payout rail: no Stripe keys, no Cashfree Payouts keys (the dev provider takes tips). */
let bare: { api: TipchatServer; url: string };
/** Stripe configured (its API is never reached here), so Stripe Connect can pay out USD. */
let stripe: { api: TipchatServer; url: string };
let browser: Browser;
let accounts = 0;

beforeAll(async () => {
  bundles = await builtBundles();
  const nowhere = await unusedUrl();
  [bare, stripe] = await Promise.all([
    startServer(),
    startServer({
      STRIPE_SECRET_KEY: 'sk_test_tipchatdefects',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_tipchatdefects',
      STRIPE_WEBHOOK_SECRET: 'whsec_tipchatdefects',
      STRIPE_API_URL: nowhere,
    }),
  ]);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([bare?.api.close(), stripe?.api.close()]);
});

/** A verified streamer with a USD channel, signed in to the dashboard at `path`. */
async function signedIn(server: string, path: string, viewport = { width: 1280, height: 800 }) {
  const n = ++accounts;
  const email = `defects${n}@example.com`;
  const slug = `defects-${n}`;
  const client = await verifiedAccount(server, email);
  await client.channels.create({ slug, displayName: `Defects ${n}`, currency: 'USD' });
  const { context } = await dashboardContext(browser, bundles, { viewport });
  const page = await context.newPage();
  await page.goto(`${server}/dashboard/login`);
  const d = dash(page);
  await d.field('Email').fill(email);
  await d.field('Password').fill(PASSWORD);
  await d.button('Sign in').click();
  await d.root.locator('nav').waitFor();
  await page.goto(`${server}/dashboard${path}`);
  return { page, slug, client, close: () => context.close() };
}

describe('payouts', () => {
  it('says plainly that this server cannot pay out, and why, and offers nothing that would fail', async () => {
    const { page, slug, close } = await signedIn(bare.url, '/earnings');
    await devTip(bare.url, slug, { amount: 500, currency: 'USD', displayName: 'Early Fan' });
    const d = dash(page);
    await onView(page, 'Earnings & payouts');
    const notice = d.root.locator('[data-payouts="unavailable"]');
    await notice.waitFor();
    expect(await notice.locator('h2').textContent()).toBe('This server cannot pay you out');
    expect(await notice.locator('p').textContent()).toContain(
      'Payouts in USD go through Stripe Connect, which this tipchat server is not set up for.',
    );
    // What stays: the balances, the chart, the history and the statement.
    await d.root.locator('tipchat-dash-balances').waitFor();
    await d.root.getByRole('heading', { name: 'History' }).waitFor();
    await d.button('Download CSV').waitFor();
    // What would fail only after a click is not offered.
    expect(await d.button('Request payout').count()).toBe(0);
    expect(await d.root.locator('[data-action="stripe-onboard"]').count()).toBe(0);
    expect(await d.root.locator('[data-action="schedule"]').count()).toBe(0);
    expect(await d.root.locator('tipchat-dash-earn-stripe, tipchat-dash-earn-schedule').count()).toBe(0);
    await close();
  });

  it('offers payouts where the rail is set up, and never shows the next automatic payout in the past', async () => {
    const { page, close } = await signedIn(stripe.url, '/earnings');
    const d = dash(page);
    await onView(page, 'Earnings & payouts');
    await d.button('Request payout').waitFor();
    expect(await d.root.locator('[data-payouts="unavailable"]').count()).toBe(0);
    await d.root.locator('[data-action="stripe-onboard"]').waitFor();

    // Turned on, the first run is due at once: "shortly", not the moment it was turned on.
    await d.root.locator('[data-action="schedule"]').check();
    const next = d.root.locator('[data-next-payout]');
    await expect.poll(() => next.textContent()).toBe('Next automatic payout: shortly (it is due now)');

    // A run tomorrow reads like every other date in the dashboard.
    const [row] = await stripe.api.sql<{ nextRunAt: Date }[]>`
      update payout_schedules set next_run_at = now() + interval '1 day' returning next_run_at`;
    await page.reload();
    await onView(page, 'Earnings & payouts');
    const tomorrow = row?.nextRunAt.toISOString() ?? '';
    await expect.poll(() => next.textContent()).toBe(`Next automatic payout: ${formatDateTime(tomorrow, 'en')}`);
    await close();
  });
});

describe('the mailed verification link', () => {
  it('lands on a styled page that leads on to the dashboard', async () => {
    const email = `verify-${++accounts}@example.com`;
    await createClient({ baseUrl: bare.url }).auth.register({ email, password: PASSWORD, displayName: 'Verifier' });
    const token = await mailedToken(bare.url, email, '/verify-email');
    const { context } = await dashboardContext(browser, bundles);
    const page = await context.newPage();
    await page.goto(`${bare.url}/verify-email?token=${encodeURIComponent(token)}`);
    await page.getByRole('heading', { name: 'Email verified' }).waitFor();
    // tipchat's look: a card on a tinted background, the brand, a primary button; not the browser's defaults.
    const look = await page.evaluate(() => {
      const main = document.querySelector('main');
      return {
        background: getComputedStyle(document.body).backgroundColor,
        radius: main ? getComputedStyle(main).borderRadius : '',
        brand: document.querySelector('.brand')?.textContent?.trim(),
        icon: document.querySelectorAll('link[rel="icon"]').length,
      };
    });
    expect(look).toEqual({ background: 'rgb(243, 244, 246)', radius: '12px', brand: 'tipchat', icon: 1 });
    const onward = page.getByRole('link', { name: 'Open your dashboard' });
    expect(await onward.getAttribute('href')).toBe('/dashboard');
    await onward.click();
    // Signed out here, so the dashboard asks to sign in first.
    await page.waitForURL((url) => url.pathname === '/dashboard/login');
    await onView(page, 'Sign in');

    // A used link says so, and offers a new one.
    await page.goto(`${bare.url}/verify-email?token=${encodeURIComponent(token)}`);
    await page.getByRole('heading', { name: 'Link not valid' }).waitFor();
    expect(await page.getByRole('link', { name: 'Send a new link' }).getAttribute('href')).toBe('/dashboard/resend-email');
    await context.close();
  });
});

/** `<input type="datetime-local">`'s value for an instant, in the browser's (and this process's) time zone. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe('goals', () => {
  it('count from a chosen moment, so a goal set mid-stream includes the tips already sent', async () => {
    const { page, slug, client, close } = await signedIn(bare.url, '/settings');
    await devTip(bare.url, slug, { amount: 500, currency: 'USD', displayName: 'Before The Goal' });
    const d = dash(page);
    await onView(page, 'Settings');
    await d.field('What for').fill('New microphone');
    await d.field('Target (USD)').fill('50');
    await d.field('Count tips since (optional)').fill(localInputValue(new Date(Date.now() - 60 * 60_000)));
    await d.button('Save goal').click();
    await expect.poll(async () => (await client.goals.get(slug))?.progress).toBe(500);
    expect((await client.goals.get(slug))?.tipCount).toBe(1);
    await expect.poll(() => d.root.locator('[data-goal-since]').textContent()).toMatch(/^counting since /);
    await close();
  });
});

describe('text-to-speech settings', () => {
  it('the streamer picks the voice, speed, volume and smallest tip spoken; overlays read them', async () => {
    const { page, slug, client, close } = await signedIn(bare.url, '/settings');
    const d = dash(page);
    await onView(page, 'Settings');
    const speech = d.root.locator('tipchat-dash-settings-speech');
    await speech.getByLabel('Voice').selectOption({ label: 'हिन्दी' });
    await speech.getByLabel('Speed (words per minute)').fill('150');
    await speech.getByLabel('Volume (0–100)').fill('60');
    await speech.getByLabel('Speak tips from (USD)').fill('5');
    await speech.getByRole('button', { name: 'Save' }).click();
    await speech.locator('.saved').waitFor();
    const overlay = createClient({ baseUrl: bare.url, token: await client.keys.rotateOverlayKey(slug) });
    expect(await overlay.tts.settings(slug)).toEqual({ voice: 'hi', rate: 150, volume: 60, minAmount: 500 });
    await close();
  });
});

describe('the tips list', () => {
  it('bans a tipper who chatted, and says plainly when a tip has nobody to ban', async () => {
    const { page, slug, client, close } = await signedIn(bare.url, '/tips');
    await devTip(bare.url, slug, { amount: 300, currency: 'USD', displayName: 'Nobody' });
    const viewer = createClient({ baseUrl: bare.url });
    const joined = await viewer.chat.join(slug, { displayName: 'Chatty' });
    const created = await viewer.tips.create(slug, { amount: 700, currency: 'USD', displayName: 'Chatty', message: '', provider: 'dev' });
    await viewer.tips.devCheckout(created.tip.id, 'succeed');
    const d = dash(page);
    await page.reload();
    await onView(page, 'Tips');

    const anonymous = d.tip('Nobody');
    await anonymous.waitFor();
    expect(await anonymous.locator('[data-no-viewer]').textContent()).toBe(
      'Tipped without joining the chat: there is no chat identity to ban.',
    );
    expect(await anonymous.locator('[data-action="ban-tipper"]').count()).toBe(0);

    const chatty = d.tip('Chatty');
    await chatty.locator('[data-action="ban-tipper"]').click();
    await d.dialog.getByRole('heading', { name: 'Ban Chatty?' }).waitFor();
    await d.dialog.getByLabel('Reason').fill('spam tips');
    await d.dialog.getByRole('button', { name: 'Ban' }).click();
    await expect
      .poll(async () => (await client.moderation.listBans(slug)).map((ban) => [ban.viewerId, ban.reason]))
      .toEqual([[joined.viewer.id, 'spam tips']]);
    await close();
  });
});

describe('on a phone (390 px wide)', () => {
  it('every tab is on screen, none hidden past the edge', async () => {
    const { page, close } = await signedIn(bare.url, '/', PHONE);
    const d = dash(page);
    await onView(page, /.+/);
    const routes = ['overview', 'tips', 'chat', 'settings', 'embed', 'earnings', 'profile'];
    for (const route of routes) {
      const box = await d.nav(route).boundingBox();
      expect(box, route).not.toBeNull();
      expect(box?.x ?? -1, route).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0), route).toBeLessThanOrEqual(PHONE.width);
    }
    const scrolls = await d.root.locator('nav.sidenav').evaluate((nav) => nav.scrollWidth > nav.clientWidth + 1);
    expect(scrolls).toBe(false);
    await d.nav('profile').click();
    await onView(page, 'Profile');
    await close();
  });

  it('the tier table fits the screen', async () => {
    const { page, close } = await signedIn(bare.url, '/settings', PHONE);
    const d = dash(page);
    await onView(page, 'Settings');
    const table = d.root.locator('table.tiers');
    await table.waitFor();
    const fits = await d.root.locator('.table-scroll:has(table.tiers)').evaluate((box) => box.scrollWidth <= box.clientWidth + 1);
    expect(fits).toBe(true);
    const right = await table.evaluate((t) => t.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(PHONE.width);
    // Each field still says what it is.
    await d.root.getByLabel('Tier 1: Alert (seconds)').waitFor();
    await close();
  });
});

describe('dates', () => {
  it('are formatted by one helper everywhere in the dashboard', async () => {
    const root = fileURLToPath(new URL('../src/dashboard/', import.meta.url));
    const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts') && file !== 'format.ts');
    const offenders: string[] = [];
    for (const file of files) {
      const source = await readFile(join(root, file), 'utf8');
      if (/toLocale(Date|Time)?String\(|Intl\.DateTimeFormat/.test(source)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
