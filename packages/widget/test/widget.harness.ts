import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CurrencyCode, createClient, type TipchatClient } from '@tipchat/sdk';
import { buildServer, loadConfig, type TipchatServer } from '@tipchat/server';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { fromTemplate, viewerBundle } from './bundles';

/**
 * The viewer widget as a streamer ships it: the minified script-tag bundle on a page of its own
 * origin under a strict Content-Security-Policy, talking to a real tipchat server (embedded
 * database, dev payment provider) on another origin, in Debian's Chromium.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));

/** Records what the page saw: the widget's events and any CSP violation. Served as a file, since the CSP forbids inline scripts. */
const RECORDER = `
window.__events = []; window.__csp = [];
for (const type of ['tipchat-ready', 'tipchat-message-sent', 'tipchat-tip-started', 'tipchat-tip-succeeded', 'tipchat-tip-failed', 'tipchat-error'])
  document.addEventListener(type, (event) => window.__events.push({ type, detail: JSON.parse(JSON.stringify(event.detail)) }));
document.addEventListener('securitypolicyviolation', (event) => window.__csp.push(event.violatedDirective + ' ' + event.blockedURI));
`;

const PAGE_CSS = 'body { font-family: sans-serif; margin: 24px; width: 420px; background: #e5e7eb; } body.dark { background: #030712; }';

export interface ServerOptions {
  /** An embedded database directory that survives a restart; default: in memory. */
  dataDir?: string;
  /** Default: any free port. */
  port?: number;
  /** More configuration (payment providers…). */
  env?: Record<string, string>;
}

/**
 * `promise`, or an error naming `what` once `ms` have passed: a server that never finishes starting or closing then
 * fails its test with that name instead of running into the test's own timeout, which names nothing.
 */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a server started by `startApi`. */
export function closeApi(api: TipchatServer): Promise<void> {
  return within(60_000, "the tipchat server's close", api.close());
}

export async function startApi(options: ServerOptions = {}): Promise<{ api: TipchatServer; url: string; port: number }> {
  return within(120_000, "the tipchat server's start", buildAndListen(options));
}

async function buildAndListen(options: ServerOptions): Promise<{ api: TipchatServer; url: string; port: number }> {
  const api = await buildServer(
    await fromTemplate(
      loadConfig({
        TIPCHAT_DATA_DIR: options.dataDir ?? 'memory://',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        // Every browser context shares 127.0.0.1: the per-address flood limit would trip across tests.
        CHAT_FLOOD_IP_MAX: '10000',
        // Registering a streamer is two sign-in-limited calls (register, then login): a file makes many.
        AUTH_RATE_LIMIT: '1000',
        CHAT_FLOOD_VIEWER_MAX: '1000',
        // …and the per-address tip, join and connection limits too.
        TIP_RATE_LIMIT_IP: '100000',
        TIP_RATE_LIMIT_DEVICE: '100000',
        JOIN_RATE_LIMIT_IP: '100000',
        JOIN_RATE_LIMIT_DEVICE: '100000',
        MAX_CONNECTIONS_PER_IP: '100000',
        DEV_PAYMENT_DELAY_MS: '300',
        ...options.env,
      }),
    ),
  );
  await api.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = (api.server.address() as AddressInfo).port;
  return { api, url: `http://127.0.0.1:${port}`, port };
}

export interface WidgetWorldOptions {
  /** More server configuration (payment providers…), read as the world starts: after the hooks that start fakes. */
  env?: () => Record<string, string>;
  /** Keeps the database in a directory of its own, so `restartApi` brings the same server back. Default: in memory. */
  restartable?: boolean;
  /** Origins the pages may connect to besides the server (an address where nothing listens…). */
  moreApiOrigins?: () => string[];
  /** Payment providers' script origins the pages allow, as a host page using them must. */
  providerScripts?: string[];
}

/** What every widget test file runs against: a tipchat server, the pages that embed the viewer bundle, and Chromium. */
export class WidgetWorld {
  api: TipchatServer | undefined;
  /** The tipchat server's URL: what a widget's `server` attribute names. */
  server = '';
  pages!: Pages;
  browser!: Browser;
  private port = 0;
  private dataDir: string | undefined;

  constructor(private readonly options: WidgetWorldOptions = {}) {}

  async start(): Promise<void> {
    if (this.options.restartable) this.dataDir = await mkdtemp(joinPath(tmpdir(), 'tipchat-widget-restart-'));
    const [bundle] = await Promise.all([viewerBundle(), this.startApi()]);
    this.pages = new Pages(bundle, () => [this.server, ...(this.options.moreApiOrigins?.() ?? [])], this.options.providerScripts);
    await this.pages.start();
    this.browser = await launchChromium();
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.pages?.close();
    await this.api?.close();
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  /** The URL of a page embedding one widget for `channel` on this server. */
  pageFor(channel: string, embed: Omit<Embed, 'channel' | 'server'> = {}): string {
    return this.pages.add([{ channel, server: this.server, ...embed }]);
  }

  /** That page, open in a browser context of its own. */
  openWidget(channel: string, embed: Omit<Embed, 'channel' | 'server'> = {}): Promise<{ context: BrowserContext; page: Page }> {
    return newPage(this.browser, this.pageFor(channel, embed));
  }

  /** Stops the server; its port (and, when restartable, its database) stay for `restartApi`. */
  async stopApi(): Promise<void> {
    if (this.api) await closeApi(this.api);
    this.api = undefined;
  }

  async restartApi(): Promise<void> {
    await this.startApi();
  }

  private async startApi(): Promise<void> {
    const started = await startApi({
      ...(this.dataDir ? { dataDir: this.dataDir } : {}),
      ...(this.port ? { port: this.port } : {}),
      env: this.options.env?.() ?? {},
    });
    ({ api: this.api, url: this.server, port: this.port } = started);
  }
}

/** The file's WidgetWorld: started before its tests and closed after them, so a file declares it in one line. */
export function useWidgetWorld(options: WidgetWorldOptions = {}): WidgetWorld {
  const world = new WidgetWorld(options);
  beforeAll(() => world.start());
  afterAll(() => world.close());
  return world;
}

/**
 * `expect.poll` with room for a loaded 2-core machine: vitest's default gives up after one
 * second, which a busy CI can need for one round trip. Waits are not timing assertions.
 */
export function eventually<T>(read: () => T | Promise<T>, timeout = 15_000): ReturnType<typeof expect.poll<T>> {
  return expect.poll(read, { timeout, interval: 100 });
}

export interface Embed {
  channel: string;
  server: string;
  theme?: 'light' | 'dark';
  transparent?: boolean;
  lang?: string;
  maxMessages?: number;
}

/** Serves the bundle and test pages from an origin of their own, with a CSP that allows only what the widget documents. */
export class Pages {
  private readonly html = new Map<string, string>();
  private server: Server | undefined;
  url = '';

  constructor(
    private readonly bundle: string,
    private readonly apiOrigins: () => string[],
    /** Payment providers' script origins the page allows, as a host page using them must. */
    private readonly providerScripts: string[] = [],
  ) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const files: Record<string, [string, string]> = {
        '/tipchat.js': ['text/javascript', this.bundle],
        '/recorder.js': ['text/javascript', RECORDER],
        '/page.css': ['text/css', PAGE_CSS],
      };
      const file = files[path];
      const page = this.html.get(path);
      if (!file && page === undefined) return void response.writeHead(404).end();
      const connect = this.apiOrigins().flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]);
      response
        .writeHead(200, {
          'content-type': `${file?.[0] ?? 'text/html'}; charset=utf-8`,
          'content-security-policy': `default-src 'none'; script-src 'self' ${this.providerScripts.join(' ')}; style-src 'self'; img-src 'self'; connect-src ${connect.join(' ')}; base-uri 'none'; form-action 'none'`,
        })
        .end(file?.[1] ?? page);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }

  /** A page with the script tag and these widgets; returns its URL. */
  add(embeds: Embed[], options: { dark?: boolean } = {}): string {
    const path = `/page-${this.html.size + 1}`;
    const widgets = embeds.map((embed) => {
      const attributes = [
        `channel="${escapeAttribute(embed.channel)}"`,
        `server="${escapeAttribute(embed.server)}"`,
        embed.theme ? `theme="${embed.theme}"` : '',
        embed.transparent ? 'transparent' : '',
        embed.lang ? `lang="${embed.lang}"` : '',
        embed.maxMessages ? `max-messages="${embed.maxMessages}"` : '',
      ];
      return `<tipchat-widget ${attributes.filter(Boolean).join(' ')}></tipchat-widget>`;
    });
    this.html.set(
      path,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tipchat widget test</title>
<link rel="stylesheet" href="/page.css"><script src="/recorder.js"></script><script src="/tipchat.js"></script></head>
<body${options.dark ? ' class="dark"' : ''}>${widgets.join('\n')}</body></html>`,
    );
    return `${this.url}${path}`;
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A streamer the way a person becomes one (register, follow the mailed link, log in) with a channel; the SDK client is signed in. */
export async function streamer(
  server: string,
  seed: { email: string; slug: string; displayName: string; live: boolean; currency?: CurrencyCode },
): Promise<TipchatClient> {
  const client = createClient({ baseUrl: server });
  const password = 'correct-horse-battery';
  await client.auth.register({ email: seed.email, password, displayName: 'Streamer' });
  const [mail] = await client.dev.outbox({ to: seed.email });
  const token = new URL(mail?.links[0] ?? 'http://x/').searchParams.get('token');
  if (!token) throw new Error(`no verification link mailed to ${seed.email}`);
  await client.auth.verifyEmail(token);
  await client.auth.login({ email: seed.email, password });
  await client.channels.create({ slug: seed.slug, displayName: seed.displayName, ...(seed.currency ? { currency: seed.currency } : {}) });
  if (seed.live) await client.streams.start(seed.slug);
  return client;
}

/** The n-th widget on a page, with locators for its parts (Playwright's CSS pierces open shadow roots). */
export function widget(page: Page, index = 0) {
  const root = page.locator('tipchat-widget').nth(index);
  const part = (name: string): Locator => root.locator(`[part~="${name}"]`);
  return {
    root,
    part,
    base: part('base'),
    status: part('status'),
    messages: root.locator('[part~="chat"] [part~="message"]'),
    composer: part('composer'),
    input: part('composer').locator('input'),
    hint: part('hint'),
    tipForm: part('tip-form'),
    /** Waits until loading finished, whatever the outcome. */
    async settled(): Promise<string> {
      await root.locator('[part~="base"]:not([data-state="loading"]):not([data-state="unconfigured"])').waitFor();
      return (await part('base').getAttribute('data-state')) ?? '';
    },
    /** How far the chat list is from showing its newest message, in px. */
    distanceFromBottom(): Promise<number> {
      return part('chat').evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight);
    },
    /**
     * Scrolls the chat list to `scrollTo` and/or makes the widget `shorterBy` px, then has the
     * widget render at once — before the browser's scroll event, which comes a frame later.
     */
    async renderAfter(change: { scrollTo?: number; shorterBy?: number }): Promise<void> {
      await part('chat').evaluate(async (list, { scrollTo, shorterBy }) => {
        type Lit = HTMLElement & { requestUpdate(): void; updateComplete: Promise<boolean> };
        const host = (list.getRootNode() as ShadowRoot).host as Lit;
        if (scrollTo !== undefined) list.scrollTo(0, scrollTo);
        if (shorterBy !== undefined) host.style.setProperty('--tipchat-height', `${host.getBoundingClientRect().height - shorterBy}px`);
        host.requestUpdate();
        await host.updateComplete;
      }, change);
    },
    /** The chat as text lines "author: text" (tips: "amount author: text"). */
    async lines(): Promise<string[]> {
      return root
        .locator('[part~="chat"] [part~="message"]')
        .evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()));
    },
  };
}

/** Joins the chat under `name` through the name prompt, with the keyboard. */
export async function join(page: Page, name: string, index = 0): Promise<void> {
  const w = widget(page, index);
  await w.input.fill(name);
  await w.input.press('Enter');
  await w.composer.locator('input[name="text"]').waitFor();
}

export async function say(page: Page, text: string, index = 0): Promise<void> {
  const input = widget(page, index).composer.locator('input[name="text"]');
  await input.fill(text);
  await input.press('Enter');
  // Emptied once the server stored it. What is asserted is that it is stored, not how fast: with the whole suite's
  // browsers and servers sharing two cores, an ack has been seen to take over the page's default 15 s.
  await page.waitForFunction(
    (i) =>
      (document.querySelectorAll('tipchat-widget')[i]?.shadowRoot?.querySelector('input[name="text"]') as HTMLInputElement | null)
        ?.value === '',
    index,
    { timeout: 45_000 },
  );
}

export async function recorded(page: Page): Promise<{ events: { type: string; detail: Record<string, unknown> }[]; csp: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __events: { type: string; detail: Record<string, unknown> }[]; __csp: string[] };
    return { events: w.__events, csp: w.__csp };
  });
}

export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  await target.screenshot({ path: `${RESULTS}${name}.png` });
}

export async function newPage(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 480, height: 560 } });
  // A missing element fails the test with Playwright's explanation instead of waiting for the test's timeout.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page };
}

export async function unusedUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
