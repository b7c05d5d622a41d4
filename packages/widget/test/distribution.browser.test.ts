import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, loadConfig, type TipchatServer } from '@tipchat/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromTemplate, widgetDist } from './bundles';
import { join, launchChromium, say, streamer, widget } from './widget.harness';

/**
 * The widget as it is distributed: the tipchat server serves the built script at
 * /widget/v1/tipchat.js (from WIDGET_DIST_DIR, here the run's built scripts), a page on
 * another origin loads it with one script tag under a strict CSP — the plain-html example itself,
 * pointed at this server — or pins the content-hashed copy with its SRI hash.
 */

const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/plain-html/', import.meta.url));
/** The server URL the example is written for (`pnpm start`); the page server swaps in the test server's. */
const EXAMPLE_SERVER = 'http://127.0.0.1:4000';

let api: TipchatServer;
let apiUrl: string;
let pages: Server;
let pagesUrl: string;
let browser: Browser;
/** Extra pages by path, next to the example's files. */
const extraPages = new Map<string, string>();

beforeAll(async () => {
  api = await buildServer(
    await fromTemplate(
      loadConfig({
        TIPCHAT_DATA_DIR: 'memory://',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        WIDGET_DIST_DIR: widgetDist(),
        CHAT_FLOOD_IP_MAX: '1000',
      }),
    ),
  );
  await api.listen({ host: '127.0.0.1', port: 0 });
  apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  pages = createServer((request, response) => {
    void servePage(new URL(request.url ?? '/', 'http://localhost').pathname).then(
      ([type, body]) => response.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  await streamer(apiUrl, { email: 'demo@example.com', slug: 'demo', displayName: 'Demo Streams', live: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (pages ? pages.close(resolve) : resolve(undefined)));
  await api?.close();
});

/** The example's files with its server URL (http and ws) replaced by the test server's, or an extra page. */
async function servePage(path: string): Promise<[string, string]> {
  const extra = extraPages.get(path);
  if (extra !== undefined) return ['text/html', extra];
  const file = path === '/' ? 'index.html' : path.slice(1);
  if (!/^[a-z-]+\.(html|css|js)$/.test(file)) throw new Error('not an example file');
  const text = (await readFile(joinPath(EXAMPLE_DIR, file), 'utf8'))
    .replaceAll(EXAMPLE_SERVER, apiUrl)
    .replaceAll(EXAMPLE_SERVER.replace('http:', 'ws:'), apiUrl.replace('http:', 'ws:'));
  const type = { html: 'text/html', css: 'text/css', js: 'text/javascript' }[file.split('.').pop() ?? 'html'] ?? 'text/plain';
  return [type, text];
}

/** A page that records CSP violations and errors from its first script on, and its console. */
async function openPage(url: string): Promise<{ page: Page; problems: string[]; console: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const console: string[] = [];
  page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
  page.on('console', (message) => console.push(message.text()));
  await page.exposeFunction('__violation', (text: string) => problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __violation(text: string): void }).__violation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(url);
  return { page, problems, console };
}

describe('the plain-html example', () => {
  it('loads the script from the server under its strict CSP, and chats live between its two widgets', async () => {
    const { page, problems } = await openPage(`${pagesUrl}/`);
    expect(await widget(page, 0).settled()).toBe('live');
    expect(await widget(page, 1).settled()).toBe('live');

    await join(page, 'Ada', 0);
    await say(page, 'hello from the example', 0);
    // The second widget never joined: it reads the chat live like any visitor.
    await expect.poll(() => widget(page, 1).lines()).toEqual(['Ada hello from the example']);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname))).toContain(
      '/widget/v1/tipchat.js',
    );
    await page.context().close();
  });
});

describe('pinning the script with Subresource Integrity', () => {
  const pinnedPage = (src: string, integrity: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pinned</title>
<script src="${src}" integrity="${integrity}" crossorigin="anonymous"></script></head>
<body><tipchat-widget channel="demo" server="${apiUrl}"></tipchat-widget></body></html>`;

  /**
   * The viewer script's hash and content-hashed URL from integrity.json. Its absolute URLs use the
   * server's PUBLIC_URL, which a test server on a random port does not have, so the URL is built
   * from the hashed name.
   */
  async function listed(): Promise<{ integrity: string; hashedUrl: string }> {
    const response = await fetch(`${apiUrl}/widget/v1/integrity.json`);
    const { files } = (await response.json()) as { files: Record<string, { integrity: string; hashedName: string }> };
    const entry = files['tipchat.js'];
    if (!entry) throw new Error('integrity.json does not list tipchat.js');
    return { integrity: entry.integrity, hashedUrl: `${apiUrl}/widget/v1/${entry.hashedName}` };
  }

  it('runs the content-hashed copy whose hash the page names', async () => {
    const { integrity, hashedUrl } = await listed();
    extraPages.set('/pinned.html', pinnedPage(hashedUrl, integrity));
    const { page, problems } = await openPage(`${pagesUrl}/pinned.html`);
    expect(await widget(page).settled()).toBe('live');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is refused by the browser when the hash does not match the bytes', async () => {
    const { hashedUrl } = await listed();
    extraPages.set('/tampered.html', pinnedPage(hashedUrl, `sha384-${Buffer.alloc(48, 7).toString('base64')}`));
    const { page, console } = await openPage(`${pagesUrl}/tampered.html`);
    await expect.poll(() => console.join('\n')).toContain("Failed to find a valid digest in the 'integrity' attribute");
    expect(await page.evaluate(() => customElements.get('tipchat-widget') === undefined)).toBe(true);
    await page.context().close();
  });
});
