import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { OverlayPage } from './overlay-harness';

/**
 * What the end-to-end test needs beyond the viewer and overlay harnesses: the
 * plain-html example served from an origin of its own, the server's overlay page opened with a
 * recorder of its alerts, and a look at everything a page drew, shadow roots included.
 */

const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/plain-html/', import.meta.url));
/** The server URL the example is written for (`pnpm start`); the example server swaps in the test server's. */
const EXAMPLE_SERVER = 'http://127.0.0.1:4000';

/** examples/plain-html on an origin of its own, its server URL (http and ws) replaced by `server()`'s. */
export async function serveExample(server: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const serve = async (path: string): Promise<[string, string]> => {
    const file = path === '/' ? 'index.html' : path.slice(1);
    if (!/^[a-z-]+\.(html|css|js)$/.test(file)) throw new Error('not an example file');
    const api = server();
    const text = (await readFile(joinPath(EXAMPLE_DIR, file), 'utf8'))
      .replaceAll(EXAMPLE_SERVER, api)
      .replaceAll(EXAMPLE_SERVER.replace('http:', 'ws:'), api.replace('http:', 'ws:'));
    const type = { html: 'text/html', css: 'text/css', js: 'text/javascript' }[file.split('.').pop() ?? ''] ?? 'text/plain';
    return [type, text];
  };
  const http: Server = createServer((request, response) => {
    void serve(new URL(request.url ?? '/', 'http://localhost').pathname).then(
      ([type, body]) => response.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

/** A page in a context of its own that records uncaught errors and CSP violations from its first script on. */
export async function openPage(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<Watched> {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url);
  return { page, problems };
}

export interface Watched {
  page: Page;
  /** Uncaught errors and CSP violations so far. */
  problems: string[];
}

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium reports a CSP violation on the console too; the event listener below catches those that do not throw.
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/**
 * The server's overlay page at `url` as OBS opens it (1920×1080), recording what the overlay
 * harness's OverlayPage reads: alert starts and ends, CSP violations, overlay errors, speech, and
 * the alerts it acknowledged. Resolves once every element is connected.
 */
export async function openOverlay(browser: Browser, url: string): Promise<OverlayPage & { problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = watch(page);
  await page.addInitScript(() => {
    type Entry = { type: string; tipId: string; replays: number; test: boolean; skipped?: boolean };
    const w = window as unknown as { __log: Entry[]; __violations: string[]; __spoken: unknown[]; __errors: string[] };
    w.__log = [];
    w.__violations = [];
    w.__spoken = [];
    w.__errors = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    document.addEventListener('tipchat-overlay-error', (event) => w.__errors.push((event as CustomEvent<{ code: string }>).detail.code));
    for (const type of ['tipchat-alert-start', 'tipchat-alert-end']) {
      document.addEventListener(type, (event) => {
        const { alert, test, skipped } = (
          event as CustomEvent<{ alert: { tipId: string; replays: number }; test: boolean; skipped?: boolean }>
        ).detail;
        w.__log.push({ type: type === 'tipchat-alert-start' ? 'start' : 'end', tipId: alert.tipId, replays: alert.replays, test, skipped });
      });
    }
  });
  const acknowledged: string[] = [];
  page.on('request', (request) => {
    const match = /\/alerts\/([0-9a-f-]{36})\/shown$/.exec(new URL(request.url()).pathname);
    if (match?.[1] && request.method() === 'POST') acknowledged.push(match[1]);
  });
  const response = await page.goto(url);
  if (response?.status() !== 200) throw new Error(`the overlay page answered ${response?.status()}`);
  await connected(page);
  return Object.assign(new OverlayPage(page, context, acknowledged), { problems });
}

/** Waits until every overlay element on the page is connected (caught up, receiving live). */
export async function connected(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      [...document.body.children].every((e) => !e.localName.startsWith('tipchat-') || e.getAttribute('data-connection') === 'connected'),
    undefined,
    { timeout: 30_000 },
  );
}

/**
 * What hostile text could have made of a page: whether a script ran (`window.__pwned`), and every
 * <img>, <script> made after load and javascript: link in the document and all open shadow roots.
 */
export function injected(page: Page): Promise<{ pwned: unknown; images: number; scripts: number; javascriptLinks: number }> {
  return page.evaluate(() => {
    const elements: Element[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        elements.push(element);
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    return {
      pwned: (window as { __pwned?: unknown }).__pwned,
      images: elements.filter((e) => e.localName === 'img').length,
      // The page's own scripts are in <head>; anything else would be injected.
      scripts: elements.filter((e) => e.localName === 'script' && e.parentElement !== document.head).length,
      javascriptLinks: elements.filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? '')).length,
    };
  });
}

/** How many times `text` occurs in what the part (inside the n-th `tag`'s shadow root) shows. */
export function occurrences(page: Page, tag: string, part: string, text: string, index = 0): Promise<number> {
  return page.evaluate(
    ([tag, part, text, index]) => {
      const shown = document.querySelectorAll(tag)[index]?.shadowRoot?.querySelector(`[part~="${part}"]`)?.textContent ?? '';
      return shown.split(text).length - 1;
    },
    [tag, part, text, index] as const,
  );
}
