import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildServer, loadConfig, type TipchatServer } from '@tipchat/server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptTag } from '../rollup.config.mjs';

/**
 * The widget as a streamer uses it: the minified script-tag bundle on a page of its own origin,
 * talking to a real tipchat server (embedded database) on another, in Debian's Chromium.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../test-results/widget.png', import.meta.url));
const HOSTILE_NAME = '<img src=x onerror="window.__pwned = true">';

let api: TipchatServer;
let apiUrl: string;
/** An address where nothing listens: the "server unreachable" case. */
let deadUrl: string;
let pages: Server;
let pagesUrl: string;
let browser: Browser;
const pageHtml = new Map<string, string>();

interface Embed {
  channel: string;
  server: string;
}

beforeAll(async () => {
  const [bundle] = await Promise.all([buildScriptTag(), startApi()]);
  deadUrl = await unusedUrl();
  pages = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/tipchat.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
      return;
    }
    const html = pageHtml.get(path);
    if (html === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  pagesUrl = await listen(pages);

  await seedChannel({ email: 'owl@example.com', slug: 'night-owl', displayName: 'Night Owl Streams', goLive: true });
  await seedChannel({ email: 'quiet@example.com', slug: 'quiet-corner', displayName: 'Quiet Corner', goLive: false });
  await seedChannel({ email: 'mallory@example.com', slug: 'mallory', displayName: HOSTILE_NAME, goLive: false });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (pages ? pages.close(resolve) : resolve(undefined)));
  await api?.close();
});

describe('<tipchat-widget> from the script tag', () => {
  it('shows the channel name and a live badge for a live channel', async () => {
    const page = await open([{ channel: 'night-owl', server: apiUrl }]);
    expect(await widgetText(page, 0)).toEqual({ state: 'live', title: 'Night Owl Streams', status: 'Live' });
  });

  it('shows an offline badge when the channel is not live', async () => {
    const page = await open([{ channel: 'quiet-corner', server: apiUrl }]);
    expect(await widgetText(page, 0)).toEqual({ state: 'offline', title: 'Quiet Corner', status: 'Offline' });
  });

  it('renders a display name containing HTML as text, creating no element', async () => {
    const page = await open([{ channel: 'mallory', server: apiUrl }]);
    expect(await widgetText(page, 0)).toMatchObject({ state: 'offline', title: HOSTILE_NAME });
    const injected = await page.evaluate(() => ({
      imagesInWidget: document.querySelector('tipchat-widget')?.shadowRoot?.querySelectorAll('img').length,
      imagesInPage: document.querySelectorAll('img').length,
      pwned: (window as { __pwned?: boolean }).__pwned ?? false,
    }));
    expect(injected).toEqual({ imagesInWidget: 0, imagesInPage: 0, pwned: false });
  });

  it('shows the not-found state for a slug no channel has', async () => {
    const page = await open([{ channel: 'no-such-channel', server: apiUrl }]);
    expect(await widgetText(page, 0)).toEqual({ state: 'not-found', title: 'no-such-channel', status: 'Channel not found' });
  });

  it('shows the unreachable state when nothing answers at the server URL', async () => {
    const page = await open([{ channel: 'night-owl', server: deadUrl }]);
    expect(await widgetText(page, 0)).toEqual({ state: 'unreachable', title: 'night-owl', status: 'Cannot reach the tipchat server' });
  });

  it('loads the other channel when the channel attribute changes', async () => {
    const page = await open([{ channel: 'quiet-corner', server: apiUrl }]);
    await settled(page, 0);
    await page.evaluate(() => document.querySelector('tipchat-widget')?.setAttribute('channel', 'night-owl'));
    await page.waitForFunction(
      () => document.querySelector('tipchat-widget')?.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('data-state') === 'live',
    );
    expect(await widgetText(page, 0)).toEqual({ state: 'live', title: 'Night Owl Streams', status: 'Live' });
  });

  it('tolerates the script being loaded twice on one page', async () => {
    const errors: string[] = [];
    const page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pageFor([{ channel: 'night-owl', server: apiUrl }], { scriptTags: 2 }));
    expect(await widgetText(page, 0)).toMatchObject({ state: 'live', title: 'Night Owl Streams' });
    expect(errors).toEqual([]);
  });

  it('renders every state side by side (screenshot for people)', async () => {
    const embeds: Embed[] = [
      { channel: 'night-owl', server: apiUrl },
      { channel: 'quiet-corner', server: apiUrl },
      { channel: 'mallory', server: apiUrl },
      { channel: 'no-such-channel', server: apiUrl },
      { channel: 'night-owl', server: deadUrl },
    ];
    const page = await open(embeds);
    const states = [];
    for (let i = 0; i < embeds.length; i++) states.push((await widgetText(page, i)).state);
    expect(states).toEqual(['live', 'offline', 'offline', 'not-found', 'unreachable']);
    await mkdir(fileURLToPath(new URL('../test-results/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});

async function buildScriptTag(): Promise<string> {
  const bundle = await rollup(scriptTag);
  try {
    const { output } = await bundle.generate(scriptTag.output);
    const [chunk] = output;
    return chunk.code;
  } finally {
    await bundle.close();
  }
}

async function startApi(): Promise<void> {
  api = await buildServer(loadConfig({ TIPCHAT_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
  await api.listen({ host: '127.0.0.1', port: 0 });
  apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
}

/** Signs a streamer up the way a person does (register, follow the mailed link, log in) and creates their channel. */
async function seedChannel(seed: { email: string; slug: string; displayName: string; goLive: boolean }): Promise<void> {
  const password = 'correct-horse-battery';
  await call('POST', '/api/v1/auth/register', { body: { email: seed.email, password, displayName: 'Streamer' }, status: 201 });
  const { mails } = await call<{ mails: { links: string[] }[] }>('GET', `/api/v1/dev/outbox?to=${encodeURIComponent(seed.email)}`);
  const link = mails[0]?.links[0];
  if (!link) throw new Error(`no verification mail for ${seed.email}`);
  // The link names PUBLIC_URL (port 4000 by default); this server listens on a random port.
  const verify = new URL(link);
  await call('GET', `${verify.pathname}${verify.search}`, { raw: true });
  const { accessToken } = await call<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: { email: seed.email, password } });
  await call('POST', '/api/v1/channels', { body: { slug: seed.slug, displayName: seed.displayName }, token: accessToken, status: 201 });
  if (seed.goLive) await call('POST', `/api/v1/channels/${seed.slug}/streams`, { body: {}, token: accessToken, status: 201 });
}

async function call<T = unknown>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; status?: number; raw?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (response.status !== (options.status ?? 200)) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (options.raw ? text : JSON.parse(text)) as T;
}

function pageFor(embeds: Embed[], options: { scriptTags?: number } = {}): string {
  const path = `/page-${pageHtml.size + 1}`;
  const script = '<script src="/tipchat.js"></script>'.repeat(options.scriptTags ?? 1);
  const widgets = embeds
    .map((e) => `<tipchat-widget channel="${escapeAttribute(e.channel)}" server="${escapeAttribute(e.server)}"></tipchat-widget>`)
    .join('\n');
  pageHtml.set(
    path,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tipchat widget test</title>
<style>body { font-family: sans-serif; margin: 24px; width: 480px; display: grid; gap: 12px; background: #f3f4f6; }</style>
${script}</head><body>${widgets}</body></html>`,
  );
  return `${pagesUrl}${path}`;
}

async function open(embeds: Embed[]): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(pageFor(embeds));
  return page;
}

/** Waits until the n-th widget has finished loading, whatever the outcome. */
async function settled(page: Page, index: number): Promise<void> {
  await page
    .locator('tipchat-widget')
    .nth(index)
    .locator('[part~="base"]:not([data-state="loading"]):not([data-state="unconfigured"])')
    .waitFor({ timeout: 15_000 });
}

async function widgetText(page: Page, index: number): Promise<{ state: string | null; title: string | null; status: string | null }> {
  await settled(page, index);
  const widget = page.locator('tipchat-widget').nth(index);
  return {
    state: await widget.locator('[part~="base"]').getAttribute('data-state'),
    title: await widget.locator('[part~="title"]').textContent(),
    status: await widget.locator('[part~="status"]').textContent(),
  };
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function unusedUrl(): Promise<string> {
  const probe = createServer();
  const url = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return url;
}
