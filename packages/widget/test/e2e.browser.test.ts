import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { createClient, type TipchatClient, type TipTier } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount } from '../src/internal/format';
import { widgetDist } from './bundles';
import { connected, injected, occurrences, openOverlay, openPage, serveExample, type Watched } from './e2e.harness';
import type { OverlayPage } from './overlay-harness';
import { closeApi, eventually, join, launchChromium, RESULTS, say, screenshot, startApi, streamer, widget } from './widget.harness';

/**
 * The "Done when", as people see it: the tipchat server (embedded database, dev payment
 * provider) serves the scripts this test builds with the repository's rollup config; a viewer
 * on the plain-html example page (context A) chats and tips, a second viewer on the channel's
 * tip page (context B) sees it, the streamer's OBS overlay page (context C) plays the alert and
 * moves the goal; the streamer bans B; the server restarts under the open pages; hostile names
 * and messages stay text everywhere. One channel, one story: the steps run in order and build on
 * each other.
 */

const SLUG = 'demo'; // the channel the example page is written for
/** Names are at most 32 characters; `__pwned=1` in a handler is `window.__pwned = 1`. */
const HOSTILE_NAME = '<img src=x onerror=__pwned=1>\u202E';
const HOSTILE_TEXT = 'javascript:alert(1) <img src=x onerror=window.__pwned=1> <a href="javascript:alert(1)">x</a> \u202Eevil';
/** The server drops direction overrides (they make text read as something else); the rest is shown as typed. */
const shown = (text: string) => text.replaceAll('\u202E', '');

let dataDir: string;
let dist: string;
let api: TipchatServer | undefined;
let apiUrl = '';
let port = 0;
let example: Awaited<ReturnType<typeof serveExample>>;
let browser: Browser;
let owner: TipchatClient;
let overlayKey: string;

/** Context A: the example page, where the viewer Ada chats and tips in the first widget. */
let a: Watched;
/** Context B: Bea on the channel's tip page, dark. */
let b: Watched;
/** Context C: the overlay page in OBS. */
let c: OverlayPage & { problems: string[] };
/** Every line A's chat should show, in order. */
const expectedChat: string[] = [];
/** Ada's first tip, alerted before the restart. */
let firstTip = '';

const usd = (minor: number) => formatAmount(minor, 'USD', 'en');
const tier = (minAmount: number, color: string, alertSeconds: number): TipTier => ({
  minAmount,
  color,
  pinSeconds: 0, // nothing pinned: each message is in the chat log once and only there
  maxMessageLength: 200,
  alertSeconds,
});

async function startServer(): Promise<void> {
  const started = await startApi({ dataDir, port, env: { WIDGET_DIST_DIR: dist, AUTH_RATE_LIMIT: '1000' } });
  ({ api, url: apiUrl, port } = started);
}

beforeAll(async () => {
  // On disk, so the server can restart on it.
  dataDir = await mkdtemp(joinPath(tmpdir(), 'tipchat-e2e-data-'));
  dist = widgetDist();
  await startServer();
  example = await serveExample(() => apiUrl);
  owner = await streamer(apiUrl, { email: 'e2e@example.com', slug: SLUG, displayName: 'Demo Streams', live: true, currency: 'USD' });
  // Under $5 a 2-second alert in blue, from $5 a 3-second one in teal.
  await owner.tips.setTiers(SLUG, [tier(0, '#1e88e5', 2), tier(500, '#00bfa5', 3)]);
  await owner.goals.set(SLUG, { title: 'New microphone', target: 10_000 });
  overlayKey = await owner.keys.rotateOverlayKey(SLUG);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await example?.close();
  await api?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Text of the overlay's element parts, whitespace collapsed. */
function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

async function goal(page: Page): Promise<{ now: string | null; amounts: string | null }> {
  return {
    now: await page.locator('tipchat-goal [part~="bar"]').getAttribute('aria-valuenow'),
    amounts: await page.locator('tipchat-goal [part~="amounts"]').textContent(),
  };
}

/** A tips through the widget's form with the dev checkout; resolves with the tip's id, which the example page shows. */
async function tipFromA(choose: () => Promise<void>, amount: number, message: string): Promise<string> {
  const w = widget(a.page);
  await w.part('tip-button').click();
  await w.part('preset').first().waitFor();
  await choose();
  // The fee quoted is the server's for this amount.
  const { quote } = await createClient({ baseUrl: apiUrl }).tips.options(SLUG, amount);
  await eventually(() => w.part('fee').textContent()).toContain(`Fee ${usd(quote?.fee ?? -1)}, streamer gets ${usd(quote?.net ?? -1)}`);
  await w.tipForm.locator('textarea').fill(message);
  await w.part('pay').click();
  await w.tipForm.getByRole('button', { name: 'Pay', exact: true }).click();
  await eventually(() => w.part('result').textContent(), 30_000).toBe(`Thank you! ${usd(amount)} sent`);
  await w.part('close').click();
  // The example page's own listener of tipchat-tip-succeeded.
  const thanks = a.page.locator('#thanks');
  await eventually(() => thanks.textContent()).toMatch(/^Thank you for the tip! \([0-9a-f-]{36}\)$/);
  const id = /\(([0-9a-f-]{36})\)/.exec((await thanks.textContent()) ?? '')?.[1] ?? '';
  await thanks.evaluate((element) => {
    element.textContent = '';
  });
  return id;
}

const queued = async () => (await owner.alerts.queue(SLUG)).queued.map((alert) => alert.tipId);

describe('tipchat end to end: example page, tip page and overlay page against one server', () => {
  it('a viewer on the example page picks a name and chats; a second viewer on the tip page sees it', async () => {
    a = await openPage(browser, `${example.url}/`, { width: 1100, height: 900 });
    b = await openPage(browser, `${apiUrl}/c/${SLUG}?theme=dark`, { width: 560, height: 760 });
    expect(await widget(a.page).settled()).toBe('live');
    expect(await widget(b.page).settled()).toBe('live');

    await join(a.page, 'Ada');
    await say(a.page, 'hello from the example page');
    expectedChat.push('Ada hello from the example page');
    await eventually(() => widget(b.page).lines()).toEqual(expectedChat);

    await join(b.page, 'Bea');
    await say(b.page, 'hi Ada, from the tip page');
    expectedChat.push('Bea hi Ada, from the tip page');
    await eventually(() => widget(a.page).lines()).toEqual(expectedChat);
  }, 120_000);

  it('the viewer tips through the dev provider: highlighted in both chats, alerted on the overlay, the goal moves, the alert acknowledged', async () => {
    c = await openOverlay(
      browser,
      `${apiUrl}/overlay/${SLUG}?${new URLSearchParams({ key: overlayKey, show: 'alerts,goal,chat,leaderboard' })}`,
    );
    await eventually(() => goal(c.page)).toEqual({ now: '0', amounts: `${usd(0)} of ${usd(10_000)}` });

    const w = widget(a.page);
    const tipId = await tipFromA(() => w.part('preset').nth(1).click(), 500, 'Love the stream!');
    firstTip = tipId;
    expectedChat.push('$5 Ada Love the stream!');

    for (const page of [a.page, b.page]) {
      const tip = widget(page).root.locator('[part~="chat"] [part~="tip"]');
      await eventually(() => tip.count()).toBe(1);
      expect((await tip.textContent())?.replace(/\s+/g, ' ').trim()).toBe('$5 Ada Love the stream!');
      expect(await tip.evaluate((item) => getComputedStyle(item).getPropertyValue('--tier'))).toBe('#00bfa5');
    }
    await eventually(() => widget(a.page).lines()).toEqual(expectedChat);

    await c.waitFor({ type: 'start', tipId });
    const alert = c.page.locator('tipchat-alerts [part~="alert"]');
    expect({
      name: await alert.locator('[part~="name"]').textContent(),
      amount: await alert.locator('[part~="amount"]').textContent(),
      message: await alert.locator('[part~="message"]').textContent(),
    }).toEqual({ name: 'Ada', amount: '$5', message: 'Love the stream!' });
    await mkdir(RESULTS, { recursive: true });
    await c.page.screenshot({ path: joinPath(RESULTS, 'e2e-overlay.png'), omitBackground: true });
    await eventually(() => goal(c.page)).toEqual({ now: '500', amounts: `${usd(500)} of ${usd(10_000)}` });
    await eventually(() => texts(c.page, 'tipchat-leaderboard [part~="entry"]')).toEqual(['1 Ada $5']);
    await eventually(() => texts(c.page, 'tipchat-chat-overlay [part~="message"]')).toContain('Ada $5 Love the stream!');

    await c.waitFor({ type: 'end', tipId });
    await eventually(queued).toEqual([]);
    expect(c.acknowledged).toEqual([tipId]);

    await screenshot(w.root, 'e2e-viewer-light');
    await screenshot(widget(b.page).root, 'e2e-viewer-dark');
  }, 120_000);

  it('the streamer bans the second viewer: the tip page shows the ban and no send box', async () => {
    const { messages } = await owner.chat.history(SLUG);
    const bea = messages.find((message) => message.author.displayName === 'Bea')?.author.viewerId;
    if (!bea) throw new Error('Bea has no message in the history');
    await owner.moderation.ban(SLUG, { viewerId: bea, reason: 'e2e', deleteRecentMessages: false });

    const w = widget(b.page);
    await eventually(() => w.part('notice').textContent()).toBe('You are banned here');
    expect(await w.composer.count()).toBe(0);
    expect(await w.root.locator('input[name="text"]').count()).toBe(0);
    await screenshot(w.root, 'e2e-banned');
    // The chat goes on for everyone else, the banned viewer's earlier message included.
    expect(await widget(a.page).lines()).toEqual(expectedChat);
  }, 60_000);

  it('the server restarts under the open pages: chat and alerts resume, nothing lost and nothing repeated', async () => {
    const w = widget(a.page);
    if (api) await closeApi(api);
    api = undefined;
    await eventually(() => w.status.textContent()).toBe('Reconnecting…');
    await c.page.waitForFunction(() => document.querySelector('tipchat-alerts')?.getAttribute('data-connection') !== 'connected');

    await startServer();
    // Right after the restart, most likely before the pages are back: they must catch up on these.
    const cy = createClient({ baseUrl: apiUrl });
    await cy.chat.join(SLUG, { displayName: 'Cy' });
    await cy.chat.send(SLUG, 'said right after the restart');
    expectedChat.push('Cy said right after the restart');
    const dee = createClient({ baseUrl: apiUrl });
    const created = await dee.tips.create(SLUG, {
      amount: 300,
      currency: 'USD',
      displayName: 'Dee',
      message: 'tipped while you were away',
      provider: 'dev',
    });
    expect((await dee.tips.devCheckout(created.tip.id, 'succeed')).tip.status).toBe('succeeded');
    expectedChat.push('$3 Dee tipped while you were away');

    await eventually(() => w.status.textContent(), 45_000).toBe('Live');
    await connected(c.page);
    await say(a.page, 'back after the restart');
    expectedChat.push('Ada back after the restart');
    const second = await tipFromA(() => w.part('preset').first().click(), 200, 'one more after the restart');
    expectedChat.push('$2 Ada one more after the restart');

    await eventually(() => w.lines(), 30_000).toEqual(expectedChat);
    for (const line of [
      'hello from the example page',
      'said right after the restart',
      'tipped while you were away',
      'back after the restart',
      'one more after the restart',
    ]) {
      expect(await occurrences(a.page, 'tipchat-widget', 'chat', line), line).toBe(1);
    }

    // The overlay plays each new alert once and never the one it showed before the restart.
    await c.waitFor({ type: 'end', tipId: second });
    await eventually(queued).toEqual([]);
    const starts = (await c.log()).filter((entry) => entry.type === 'start').map((entry) => entry.tipId);
    expect(starts).toEqual([firstTip, created.tip.id, second]);
    expect(c.acknowledged).toEqual([firstTip, created.tip.id, second]);
    await eventually(() => goal(c.page)).toEqual({ now: '1000', amounts: `${usd(1_000)} of ${usd(10_000)}` });
    // No chat line twice on the overlay either.
    const overlayChat = await texts(c.page, 'tipchat-chat-overlay [part~="message"]');
    expect(new Set(overlayChat).size).toBe(overlayChat.length);
  }, 180_000);

  it('hostile names and messages render as inert text on every page', async () => {
    const mallory = createClient({ baseUrl: apiUrl });
    await mallory.chat.join(SLUG, { displayName: HOSTILE_NAME });
    await mallory.chat.send(SLUG, HOSTILE_TEXT);
    const tip = await mallory.tips.create(SLUG, {
      amount: 200,
      currency: 'USD',
      displayName: HOSTILE_NAME,
      message: HOSTILE_TEXT,
      provider: 'dev',
    });
    await mallory.tips.devCheckout(tip.tip.id, 'succeed');
    const name = shown(HOSTILE_NAME);
    const text = shown(HOSTILE_TEXT);

    // A and B: the chat line and the highlighted tip, author and text exactly as typed (less the override).
    for (const page of [a.page, b.page]) {
      const w = widget(page);
      await eventually(async () => (await w.lines()).slice(-2)).toEqual([`${name} ${text}`, `$2 ${name} ${text}`]);
      const parts = await w.messages.evaluateAll((items) =>
        items.slice(-2).map((item) => ({
          author: item.querySelector('[part~="author"]')?.textContent,
          text: item.querySelector('[part~="text"]')?.textContent,
        })),
      );
      expect(parts).toEqual([
        { author: name, text },
        { author: name, text },
      ]);
    }

    // C: the alert, the chat overlay and the leaderboard.
    await c.waitFor({ type: 'start', tipId: tip.tip.id });
    const alert = c.page.locator('tipchat-alerts [part~="alert"]');
    expect([await alert.locator('[part~="name"]').textContent(), await alert.locator('[part~="message"]').textContent()]).toEqual([
      name,
      text,
    ]);
    await eventually(() => texts(c.page, 'tipchat-chat-overlay [part~="message"]')).toEqual(
      expect.arrayContaining([`${name} ${text}`, `${name} $2 ${text}`]),
    );
    await eventually(async () =>
      (await texts(c.page, 'tipchat-leaderboard [part~="entry"]')).some((entry) => entry.endsWith(`${name} $2`)),
    ).toBe(true);
    await c.waitFor({ type: 'end', tipId: tip.tip.id });
    await eventually(queued).toEqual([]);

    for (const page of [a.page, b.page, c.page]) {
      expect(await injected(page)).toEqual({ pwned: undefined, images: 0, scripts: 0, javascriptLinks: 0 });
    }
    expect(await c.violations()).toEqual([]);
    expect(await c.errors()).toEqual([]);
    for (const watched of [a, b, c]) expect(watched.problems).toEqual([]);
  }, 120_000);
});
