import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { TipchatClient } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { overlayBundle } from './bundles';
import {
  type Bundles,
  builtBundles,
  dash,
  dashboardContext,
  devTip,
  onView,
  shoot,
  signInDashboard,
  startServer,
  verifiedAccount,
} from './dashboard.harness';
import { eventually, launchChromium } from './widget.harness';

/**
 * The streamer's overlay URLs, copied from the dashboard whenever they like (no rotation needed,
 * so OBS sources already set up keep working), and the channel's tip page linked from there,
 * showing the avatar, description and goal.
 */

const SLUG = 'grace-live';
/** An avatar on another origin, answered by the browser context (the page's CSP admits https images). */
const AVATAR = 'https://avatars.example/grace.png';
const BANNER = 'https://avatars.example/grace-banner.png';
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let bundles: Bundles;
let api: TipchatServer;
let server: string;
let browser: Browser;
let owner: TipchatClient;
let streamer: { context: BrowserContext; page: Page; errors: string[] };

beforeAll(async () => {
  bundles = await builtBundles();
  ({ api, url: server } = await startServer());
  owner = await verifiedAccount(server, 'grace@example.com', 'Grace');
  await owner.channels.create({ slug: SLUG, displayName: 'Grace Live', currency: 'INR' });
  browser = await launchChromium();
  const { context, errors } = await dashboardContext(browser, bundles);
  await signInDashboard(context, server, owner);
  for (const image of [AVATAR, BANNER]) await context.route(image, (route) => route.fulfill({ contentType: 'image/png', body: PNG_1PX }));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server });
  streamer = { context, errors, page: await context.newPage() };
}, 240_000);

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !streamer) return;
  await shoot(streamer.page, `failed-overlay-urls-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  console.error('dashboard console errors:', streamer.errors);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Opens an overlay URL the way OBS would; true when every element on it connected to the channel. */
async function overlayConnects(url: string): Promise<boolean> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const bundle = await overlayBundle();
  await context.route('**/widget/v1/tipchat-overlay.js', (route) =>
    route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: bundle }),
  );
  try {
    const page = await context.newPage();
    const response = await page.goto(url);
    if (response?.status() !== 200) return false;
    await page.waitForFunction(() => {
      const elements = [...document.body.querySelectorAll('*')].filter((e) => e.localName.startsWith('tipchat-'));
      return elements.length > 0 && elements.every((e) => e.getAttribute('data-connection') === 'connected');
    });
    return true;
  } finally {
    await context.close();
  }
}

/** Presses a copy field's button and reads what reached the clipboard. */
async function copied(page: Page, name: string): Promise<string> {
  await dash(page).root.locator(`button[data-action="copy-${name}"]`).click();
  return page.evaluate(() => navigator.clipboard.readText());
}

describe('overlay URLs and the tip page, from the dashboard', () => {
  it('copies the same overlay URL twice without rotating, both work in OBS, and a deliberate rotation stops both', async () => {
    const { page } = streamer;
    const d = dash(page);
    await page.goto(`${server}/dashboard/embed`);
    await onView(page, 'Embed & overlays');

    // No key yet: the first is made without a warning, since nothing uses one.
    await d.button('Make an overlay URL').click();
    const first = await copied(page, 'overlay-url');
    expect(first).toMatch(
      new RegExp(`^${server}/overlay/${SLUG}\\?key=tco_[A-Za-z0-9_-]+&show=alerts%2Cgoal%2Cchat%2Cleaderboard&theme=dark$`),
    );
    const key = new URL(first).searchParams.get('key');
    // One URL per element, with the same key.
    for (const part of ['alerts', 'goal', 'chat', 'leaderboard']) {
      expect(await d.field(`${part[0]?.toUpperCase()}${part.slice(1)} overlay URL`).inputValue()).toBe(
        `${server}/overlay/${SLUG}?key=${key}&show=${part}&theme=dark`,
      );
    }
    const alertsOnly = await copied(page, 'overlay-url-alerts');
    await shoot(page, 'embed-overlay-urls');

    // Later, in a new visit: the same URL is there to copy again.
    await page.reload();
    await onView(page, 'Embed & overlays');
    await d.field('Overlay URL (secret)').waitFor();
    const second = await copied(page, 'overlay-url');
    expect(second).toBe(first);
    expect(await overlayConnects(first)).toBe(true);
    expect(await overlayConnects(second)).toBe(true);
    expect(await overlayConnects(alertsOnly)).toBe(true);

    // Rotating asks first; cancelling keeps the URL working.
    await d.button('Rotate key').click();
    await d.dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await d.field('Overlay URL (secret)').inputValue()).toBe(first);
    await d.button('Rotate key').click();
    await d.dialog.getByRole('button', { name: 'Rotate key' }).click();
    await expect.poll(() => d.field('Overlay URL (secret)').inputValue()).not.toBe(first);
    const rotated = await d.field('Overlay URL (secret)').inputValue();
    for (const url of [first, second, alertsOnly]) expect((await fetch(url)).status).toBe(401);
    expect(await overlayConnects(first)).toBe(false);
    expect(await overlayConnects(rotated)).toBe(true);
  });

  it('shows what the overlay URL displays, live in a frame, following the elements chosen, with a test alert in it', async () => {
    const { page } = streamer;
    const d = dash(page);
    await page.goto(`${server}/dashboard/embed`);
    await onView(page, 'Embed & overlays');
    const frame = d.root.locator('iframe[data-preview="overlay"]');
    const framed = frame.contentFrame();
    const url = await d.field('Overlay URL (secret)').inputValue();
    expect(await frame.getAttribute('src')).toBe(url);
    // The page OBS would load, scaled into the card: every element on it connects with the key in the URL.
    for (const tag of ['tipchat-alerts', 'tipchat-goal', 'tipchat-chat-overlay', 'tipchat-leaderboard']) {
      await eventually(() => framed.locator(tag).getAttribute('data-connection')).toBe('connected');
    }
    const box = await frame.boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    expect(Math.round(((box?.height ?? 0) / (box?.width ?? 1)) * 16)).toBe(9);

    // Leaving the chat out changes the URL and what the frame shows.
    await d.root.getByRole('checkbox', { name: 'Chat', exact: true }).uncheck();
    await expect.poll(() => frame.getAttribute('src')).toBe(await d.field('Overlay URL (secret)').inputValue());
    expect(await frame.getAttribute('src')).toContain('show=alerts%2Cgoal%2Cleaderboard');
    await eventually(() => framed.locator('tipchat-alerts').getAttribute('data-connection')).toBe('connected');
    expect(await framed.locator('tipchat-chat-overlay').count()).toBe(0);

    // A test alert plays in the frame, as it would in OBS.
    await d.root.locator('button[data-action="test-alert"]').click();
    await eventually(() => framed.locator('tipchat-alerts [part~="alert"]').count()).toBeGreaterThan(0);
    await shoot(page, 'embed-overlay-builder');
    await d.root.getByRole('checkbox', { name: 'Chat', exact: true }).check();
    expect(streamer.errors).toEqual([]);
  });

  it('links to the tip page, which shows the avatar, description and current goal', async () => {
    const { page, context } = streamer;
    const d = dash(page);
    await owner.channels.update(SLUG, { description: 'Cozy speedruns <b>every</b> night', avatarUrl: AVATAR });
    await owner.goals.set(SLUG, { title: 'New microphone', target: 250_000 });

    const [tipPage] = await Promise.all([context.waitForEvent('page'), d.link('Your tip page').click()]);
    await tipPage.waitForLoadState();
    expect(tipPage.url()).toBe(`${server}/c/${SLUG}`);
    await tipPage.locator('h1', { hasText: 'Grace Live' }).waitFor();
    expect(await tipPage.locator('.description').textContent()).toBe('Cozy speedruns <b>every</b> night');
    await expect
      .poll(() => tipPage.locator('main > header img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(1);
    expect(await tipPage.locator('.goal').textContent()).toContain('New microphone');
    expect(await tipPage.locator('.goal').textContent()).toContain('0.00 INR of 2500.00 INR');
    // The widget runs under the page, too, with the channel's avatar beside its name.
    await tipPage.locator('tipchat-widget [part~="title"]', { hasText: 'Grace Live' }).waitFor();
    await expect
      .poll(() => tipPage.locator('tipchat-widget [part~="avatar"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(1);
    await shoot(tipPage, 'tip-page');
    await tipPage.close();
    expect(streamer.errors).toEqual([]);
  });

  it('sets a banner and links in Settings; the tip page shows them with the top supporters, and axe finds nothing to fix', async () => {
    const { page, context } = streamer;
    const d = dash(page);
    await devTip(server, SLUG, { amount: 150_000, currency: 'INR', displayName: 'Ada' });
    await devTip(server, SLUG, { amount: 50_000, currency: 'INR', displayName: 'Linus' });

    await page.goto(`${server}/dashboard/settings`);
    await onView(page, 'Settings');
    await d.field('Banner image URL (wide, about 3:1)').fill(BANNER);
    await d.field('Links on your tip page').fill('https://twitch.tv/grace\nhttp://insecure.example/grace');
    const channelForm = d.root.locator('tipchat-dash-settings-channel');
    await channelForm.getByRole('button', { name: 'Save', exact: true }).click();
    // The insecure link is refused by name, and nothing is saved.
    await expect.poll(() => channelForm.locator('.error[role="alert"]').first().textContent()).toMatch(/Links on your tip page/);
    expect((await owner.channels.get(SLUG)).links).toEqual([]);
    await d.field('Links on your tip page').fill('https://twitch.tv/grace\nhttps://www.youtube.com/@grace');
    await channelForm.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => (await owner.channels.get(SLUG)).links)
      .toEqual(['https://twitch.tv/grace', 'https://www.youtube.com/@grace']);
    expect((await owner.channels.get(SLUG)).bannerUrl).toBe(BANNER);

    const tipPage = await context.newPage();
    await tipPage.goto(`${server}/c/${SLUG}`);
    await expect.poll(() => tipPage.locator('img.banner').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await tipPage.getByRole('navigation', { name: 'Links' }).getByRole('link').allTextContents()).toEqual(['Twitch', 'YouTube']);
    expect(await tipPage.getByRole('region', { name: 'Top supporters' }).getByRole('listitem').allTextContents()).toEqual([
      'Ada · 1500.00 INR',
      'Linus · 500.00 INR',
    ]);
    await tipPage.locator('tipchat-widget [part~="title"]', { hasText: 'Grace Live' }).waitFor();

    // axe-core, run in the page over the document and the widget's shadow root: no violations of WCAG 2.1 A/AA.
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    // Evaluated through the DevTools protocol: the page's own CSP (rightly) admits no inline script tag.
    await tipPage.evaluate(axeSource);
    const violations = await tipPage.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(options: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }
      ).axe;
      const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
    });
    expect(violations).toEqual([]);
    await shoot(tipPage, 'tip-page-branded');
    // And at a phone's width: one column, nothing wider than the screen.
    await tipPage.setViewportSize({ width: 390, height: 844 });
    expect(await tipPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(tipPage, 'tip-page-phone');
    await tipPage.close();
    expect(streamer.errors).toEqual([]);
  });
});
