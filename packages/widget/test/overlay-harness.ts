import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createClient, type TipchatClient, type TipTier } from '@tipchat/sdk';
import { buildServer, loadConfig, type TipchatServer } from '@tipchat/server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { fromTemplate, overlayBundle } from './bundles';

/**
 * The overlays as OBS runs them: the server's own overlay page (`/overlay/:slug?key=…`, strict
 * CSP) in Debian's Chromium, the overlay script built from src/overlay.ts the way the
 * distribution builds it, a real tipchat server on the embedded database, and streamers and
 * viewers acting through the SDK.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));

export class OverlayHarness {
  api!: TipchatServer;
  apiUrl = '';
  browser!: Browser;
  private script = '';
  private port = 0;
  private readonly contexts = new Set<BrowserContext>();

  /** `dataDir` keeps the database on disk so the server can restart on it; default in memory. */
  constructor(private readonly dataDir = 'memory://') {}

  async start(): Promise<void> {
    const [script] = await Promise.all([overlayBundle(), this.startApi()]);
    this.script = script;
    await mkdir(RESULTS, { recursive: true });
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.api?.close();
  }

  /** Stops the server; its port and database stay for `restartApi`. */
  async stopApi(): Promise<void> {
    await this.api.close();
  }

  async restartApi(): Promise<void> {
    await this.startApi();
  }

  private async startApi(): Promise<void> {
    this.api = await buildServer(
      await fromTemplate(loadConfig({ TIPCHAT_DATA_DIR: this.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', AUTH_RATE_LIMIT: '1000' })),
    );
    await this.api.listen({ host: '127.0.0.1', port: this.port });
    this.port = (this.api.server.address() as AddressInfo).port;
    this.apiUrl = `http://127.0.0.1:${this.port}`;
  }

  client(token?: string): TipchatClient {
    return createClient({ baseUrl: this.apiUrl, ...(token ? { token } : {}) });
  }

  /**
   * A streamer with a fresh channel (USD) and its overlay key. Tiers make alerts short or long
   * by amount: under $10 plays `shortSeconds`, from $10 `longSeconds`.
   */
  async channel(options: { shortSeconds?: number; longSeconds?: number; currency?: 'USD' | 'INR' } = {}): Promise<Channel> {
    const owner = this.client();
    const email = `streamer-${crypto.randomUUID()}@example.test`;
    const password = 'correct horse battery';
    await owner.auth.register({ email, password, displayName: 'Streamer' });
    const [mail] = await owner.dev.outbox({ to: email });
    const token = new URL(mail?.links[0] ?? '').searchParams.get('token');
    if (!token) throw new Error(`no verification mail for ${email}`);
    await owner.auth.verifyEmail(token);
    await owner.auth.login({ email, password });
    const slug = `ovl-${crypto.randomUUID().slice(0, 8)}`;
    const currency = options.currency ?? 'USD';
    await owner.channels.create({ slug, displayName: `Overlay ${slug}`, currency });
    const tier = (minAmount: number, color: string, alertSeconds: number): TipTier => ({
      minAmount,
      color,
      pinSeconds: 0,
      maxMessageLength: 300,
      alertSeconds,
    });
    const unit = currency === 'USD' ? 100 : 10_000;
    await owner.tips.setTiers(slug, [tier(0, '#1e88e5', options.shortSeconds ?? 2), tier(10 * unit, '#e91e63', options.longSeconds ?? 8)]);
    const key = await owner.keys.rotateOverlayKey(slug);
    return { slug, owner, key, currency };
  }

  /** A viewer tips through the dev provider; resolves with the paid tip's id. */
  async tip(channel: Channel, tip: { amount: number; name: string; message?: string }): Promise<string> {
    const viewer = this.client();
    const created = await viewer.tips.create(channel.slug, {
      amount: tip.amount,
      currency: channel.currency,
      displayName: tip.name,
      message: tip.message ?? '',
      provider: 'dev',
    });
    const paid = await viewer.tips.devCheckout(created.tip.id, 'succeed');
    if (paid.tip.status !== 'succeeded') throw new Error(`the dev checkout left the tip ${paid.tip.status}`);
    return created.tip.id;
  }

  /** The server's overlay page for `channel` in a browser context of its own, as OBS would open it. */
  async open(channel: Channel, query: Record<string, string> = {}, viewport = { width: 1920, height: 1080 }): Promise<OverlayPage> {
    const context = await this.browser.newContext({ viewport, reducedMotion: 'reduce' });
    this.contexts.add(context);
    // The overlay script as the distribution will serve it at this path; everything else is the real server.
    await context.route('**/widget/v1/tipchat-overlay.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: this.script }),
    );
    const page = await context.newPage();
    // Recorded from outside the page (Playwright's init scripts are not subject to the page's CSP).
    await page.addInitScript(() => {
      const w = window as unknown as OverlayWindow;
      w.__log = [];
      w.__violations = [];
      w.__spoken = [];
      // Headless Chromium has no voices: record what would be spoken instead.
      speechSynthesis.speak = (utterance) => void w.__spoken.push({ text: utterance.text, lang: utterance.lang });
      // Every media element asked to play (alert sounds, speech), with what it did: OBS captures what plays.
      w.__played = [];
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        const entry: PlayedMedia = { src: this.src, events: [] };
        w.__played.push(entry);
        for (const type of ['playing', 'ended', 'error', 'pause']) this.addEventListener(type, () => entry.events.push(type));
        return play.call(this);
      };
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      w.__errors = [];
      document.addEventListener('tipchat-overlay-error', (event) => w.__errors.push((event as CustomEvent<{ code: string }>).detail.code));
      for (const type of ['tipchat-alert-start', 'tipchat-alert-end'] as const) {
        document.addEventListener(type, (event) => {
          const { alert, test, skipped } = (
            event as CustomEvent<{ alert: { tipId: string; replays: number }; test: boolean; skipped?: boolean }>
          ).detail;
          w.__log.push({
            type: type === 'tipchat-alert-start' ? 'start' : 'end',
            tipId: alert.tipId,
            replays: alert.replays,
            test,
            skipped,
          });
        });
      }
    });
    const acknowledged: string[] = [];
    page.on('request', (request) => {
      const match = /\/alerts\/([0-9a-f-]{36})\/shown$/.exec(new URL(request.url()).pathname);
      if (match?.[1] && request.method() === 'POST') acknowledged.push(match[1]);
    });
    const url = `${this.apiUrl}/overlay/${channel.slug}?${new URLSearchParams({ key: channel.key, ...query })}`;
    const response = await page.goto(url);
    if (response?.status() !== 200) throw new Error(`the overlay page answered ${response?.status()}`);
    // Every element on the page connected and caught up: what happens from here reaches it live.
    await page.waitForFunction(() =>
      [...document.body.children].every((e) => !e.localName.startsWith('tipchat-') || e.getAttribute('data-connection') === 'connected'),
    );
    return new OverlayPage(page, context, acknowledged);
  }
}

export interface Channel {
  slug: string;
  owner: TipchatClient;
  key: string;
  currency: 'USD' | 'INR';
}

export interface LogEntry {
  type: 'start' | 'end';
  tipId: string;
  replays: number;
  test: boolean;
  skipped?: boolean;
}

export interface PlayedMedia {
  src: string;
  events: string[];
}

interface OverlayWindow {
  __log: LogEntry[];
  __violations: string[];
  __spoken: { text: string; lang: string }[];
  __played: PlayedMedia[];
  __errors: string[];
  __pwned?: unknown;
}

export class OverlayPage {
  constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    /** Tip ids the page acknowledged (POST …/alerts/:tipId/shown), in order. */
    readonly acknowledged: string[],
  ) {}

  /** tipchat-alert-start / -end events so far. */
  log(): Promise<LogEntry[]> {
    return this.page.evaluate(() => (window as unknown as OverlayWindow).__log);
  }

  /** Waits for an alert event matching `entry` and returns the whole log. */
  async waitFor(entry: Partial<LogEntry>, count = 1): Promise<LogEntry[]> {
    await this.page.waitForFunction(
      ([wanted, n]) =>
        (window as unknown as OverlayWindow).__log.filter((e) =>
          Object.entries(wanted).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v),
        ).length >= n,
      [entry, count] as const,
      { timeout: 45_000 },
    );
    return this.log();
  }

  /** How many alerts wait in the element (received, not yet started). */
  waiting(): Promise<number> {
    return this.page.evaluate(() => (document.querySelector('tipchat-alerts') as (Element & { waiting?: number }) | null)?.waiting ?? -1);
  }

  /** Media elements asked to play, in order, with the events each fired since ('playing', 'ended', …). */
  played(): Promise<PlayedMedia[]> {
    return this.page.evaluate(() => (window as unknown as OverlayWindow).__played);
  }

  /** What speech synthesis was asked to say. */
  spoken(): Promise<{ text: string; lang: string }[]> {
    return this.page.evaluate(() => (window as unknown as OverlayWindow).__spoken);
  }

  /** Codes of the tipchat-overlay-error events so far. */
  errors(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as OverlayWindow).__errors);
  }

  violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as OverlayWindow).__violations);
  }

  pwned(): Promise<boolean> {
    return this.page.evaluate(() => Boolean((window as unknown as OverlayWindow).__pwned));
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
