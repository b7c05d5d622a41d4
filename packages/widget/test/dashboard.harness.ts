import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type TipchatClient } from '@tipchat/sdk';
import type { TipchatServer } from '@tipchat/server';
import type { Browser, BrowserContext, ConsoleMessage, Locator, Page } from 'playwright-core';
import { dashboardBundle, viewerBundle } from './bundles';
import { RESULTS, startApi } from './widget.harness';

/**
 * The streamer dashboard as the tipchat server serves it: the server's `/dashboard` page (its
 * strict CSP, same origin as the API) with the dashboard bundle built here from source and served
 * at `/widget/v1/tipchat-dashboard.js`, in Debian's Chromium.
 */

export interface Bundles {
  dashboard: string;
  viewer: string;
}

/** Both script tags, as the run built them. */
export async function builtBundles(): Promise<Bundles> {
  const [dashboard, viewer] = await Promise.all([dashboardBundle(), viewerBundle()]);
  return { dashboard, viewer };
}

/** The same server the widget tests use (widget.harness.ts): embedded database, dev payments, limits fit for one address. */
export async function startServer(env: Record<string, string> = {}): Promise<{ api: TipchatServer; url: string }> {
  const { api, url } = await startApi({ env });
  return { api, url };
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * A browser context whose requests for the widget scripts get the bundles built from this
 * checkout (the server's own dist may be stale or not built), and which records console errors,
 * so CSP refusals and uncaught exceptions fail the tests that check them.
 */
export async function dashboardContext(
  browser: Browser,
  bundles: Bundles,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: 'en-GB' });
  const errors: string[] = [];
  await context.route('**/widget/v1/tipchat-dashboard.js', (route) =>
    route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: bundles.dashboard }),
  );
  await context.route('**/widget/v1/tipchat.js', (route) =>
    route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: bundles.viewer }),
  );
  context.on('page', (page) => {
    page.on('console', (message: ConsoleMessage) => {
      // A refused request (4xx) is what several steps do on purpose; the view shows the server's message.
      if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
        errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  });
  return { context, errors };
}

/**
 * Signs the context's dashboard pages in as `client`'s session, the way the dashboard keeps it
 * (localStorage, per server). Only on the dashboard's own top-level pages: frames of other
 * origins (or opaque ones) have no such storage.
 */
export async function signInDashboard(context: BrowserContext, server: string, client: TipchatClient): Promise<void> {
  await context.addInitScript(
    ([origin, key, session]) => {
      if (window === window.top && location.origin === origin) localStorage.setItem(key, session);
    },
    [server, `tipchat.dashboard.session:${server}`, JSON.stringify(client.tokens)] as const,
  );
}

/** Locators into the dashboard (Playwright's CSS pierces its open shadow root). */
export function dash(page: Page) {
  const root = page.locator('tipchat-dashboard');
  return {
    root,
    heading: root.locator('main h1'),
    nav: (route: string) => root.locator(`nav a[data-route="${route}"]`),
    field: (label: string | RegExp) => root.getByLabel(label, { exact: typeof label === 'string' }),
    button: (name: string | RegExp) => root.getByRole('button', { name, exact: typeof name === 'string' }),
    link: (name: string | RegExp) => root.getByRole('link', { name, exact: typeof name === 'string' }),
    /** The error boxes on screen (role="alert"), as text. */
    errors: root.locator('.error[role="alert"]'),
    dialog: root.locator('dialog[open]'),
    tips: root.locator('tipchat-dash-tip-feed:not([compact]) article.tip'),
    tip: (name: string) =>
      root.locator('tipchat-dash-tip-feed:not([compact]) article.tip', { has: page.locator('.tipper', { hasText: name }) }),
  };
}

/** Waits until the view's heading says `text` (views focus and title themselves once shown). */
export async function onView(page: Page, text: string | RegExp): Promise<void> {
  await dash(page).heading.filter({ hasText: text }).waitFor();
}

export async function shoot(target: Page | Locator, name: string): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  await target.screenshot({ path: `${RESULTS}dashboard-${name}.png`, ...(isPage(target) ? { fullPage: true } : {}) });
}

function isPage(target: Page | Locator): target is Page {
  return 'goto' in target;
}

/** Whether the page is wider than its viewport (a layout that does not fit a phone). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** The token of the newest mailed link to `path` for `email`, from the dev outbox. */
export async function mailedToken(server: string, email: string, path: '/verify-email' | '/reset-password'): Promise<string> {
  const client = createClient({ baseUrl: server });
  for (const mail of await client.dev.outbox({ to: email })) {
    for (const link of mail.links) {
      const url = new URL(link);
      const token = url.searchParams.get('token');
      if (url.pathname === path && token) return token;
    }
  }
  throw new Error(`no ${path} mail for ${email}`);
}

export const PASSWORD = 'correct-horse-battery';

/** A signed-in SDK client for an account made entirely through the SDK (register, mailed link, login). */
export async function verifiedAccount(server: string, email: string, displayName = 'Streamer'): Promise<TipchatClient> {
  const client = createClient({ baseUrl: server });
  await client.auth.register({ email, password: PASSWORD, displayName });
  await client.auth.verifyEmail(await mailedToken(server, email, '/verify-email'));
  await client.auth.login({ email, password: PASSWORD });
  return client;
}

/** A viewer's tip paid through the dev provider with the SDK. */
export async function devTip(
  server: string,
  slug: string,
  tip: { amount: number; currency: string; displayName: string; message?: string },
) {
  const viewer = createClient({ baseUrl: server });
  const created = await viewer.tips.create(slug, {
    amount: tip.amount,
    currency: tip.currency as 'INR',
    displayName: tip.displayName,
    message: tip.message ?? '',
    provider: 'dev',
  });
  const paid = await viewer.tips.devCheckout(created.tip.id, 'succeed');
  if (paid.tip.status !== 'succeeded') throw new Error(`dev tip ended ${paid.tip.status}`);
  return paid.tip;
}

/** A page of its own origin holding exactly the HTML a streamer pasted, under a CSP that allows the tipchat server. */
export class EmbedPages {
  private readonly pages = new Map<string, string>();
  private server: Server | undefined;
  url = '';

  constructor(private readonly tipchat: () => string) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const html = this.pages.get(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (html === undefined) return void response.writeHead(404).end();
      const origin = this.tipchat();
      response
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': `default-src 'none'; script-src ${origin}; style-src 'self'; img-src 'self'; connect-src ${origin} ${origin.replace(/^http/, 'ws')}; base-uri 'none'`,
        })
        .end(html);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** A page whose body is `snippet`, verbatim; returns its URL. */
  add(snippet: string): string {
    const path = `/blog-${this.pages.size + 1}`;
    this.pages.set(
      path,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My blog</title></head><body>\n${snippet}\n</body></html>`,
    );
    return `${this.url}${path}`;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
