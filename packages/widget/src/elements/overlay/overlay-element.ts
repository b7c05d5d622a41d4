import { html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { type Locale, pickLocale, translate } from '../../i18n/translate';
import { TipchatElement } from '../../internal/tipchat-element';
import { type ChannelConnection, type ConnectionState, createClient, type RealtimeReset, type TipchatClient, TipchatError } from './client';
import { type OverlayKey, overlayStrings } from './strings';

/** How long one aria-live announcement stands before the next; tips in between are summed up as one. */
const ANNOUNCE_EVERY_MS = 4_000;

/**
 * The base of the OBS overlay elements: the shared attributes, one live connection to the
 * channel that resumes after drops (the SDK fetches missed events after `lastSeq`), retries
 * while the server cannot be reached, and throttled polite announcements. Subclasses say which
 * events they follow and what to load once connected.
 *
 * Reactive properties are declared in `static properties` rather than with decorators, and
 * private state uses `#names`, which the minifier can shorten: the overlay script has a size budget.
 */
export abstract class OverlayElement extends TipchatElement {
  static override properties: PropertyDeclarations = {
    channel: { reflect: true },
    server: { reflect: true },
    key: {},
    theme: { reflect: true },
    // On unless set to "false" (overlays are for stream scenes first); off reflects as "false", so CSS has one attribute to read.
    transparent: {
      reflect: true,
      converter: { fromAttribute: (value) => value !== 'false', toAttribute: (value) => (value ? '' : 'false') },
    },
    lang: {},
    announcement: { state: true },
  };

  /** The channel's slug. */
  channel = '';
  /** Base URL of the tipchat server, e.g. `https://tips.example.com`. */
  server = '';
  /** The channel's overlay key (`tco_…`); only `<tipchat-alerts>` uses it. Keep it secret. */
  key = '';
  /** `light` (default) or `dark`. */
  theme: 'light' | 'dark' = 'light';
  /** Translucent cards for a stream scene (default); `transparent="false"` makes them opaque. */
  transparent = true;
  /** The language of the texts (`en`, `hi`); default: the nearest `lang` attribute, then the browser's. */
  override lang = '';

  /** `connected`, `connecting`, `reconnecting` or `disconnected`; also the host's `data-connection` attribute. */
  protected connection: ConnectionState = 'disconnected';
  protected announcement = '';
  /** Alerts need the overlay key (staff events); the other overlays read public events only. */
  protected needsKey = false;
  protected client: TipchatClient | undefined;
  protected live: ChannelConnection | undefined;

  /** What the running connection was made for; when it changes the element starts over. */
  #connectedFor: string | undefined;
  /** The last event the previous connection handled, to resume from when the element comes back. */
  #resumeAfter: number | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  /** While connect() is pending its rejection reports a failure, not the state listener. */
  #connecting = false;
  #toAnnounce: string[] = [];
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  /** Subscribes to the events the element follows; called once per connection, before it connects. */
  protected abstract follow(live: ChannelConnection): void;

  /** Connected (`first`: for the first time, or after a reset) and caught up: load what the live events build on. */
  protected abstract synced(client: TipchatClient, slug: string, first: boolean): Promise<void>;

  /** Forgets what the element shows: it now follows another channel or server. */
  protected abstract reset(): void;

  /**
   * The server no longer holds events this element missed (older than its retention): what it
   * shows may be stale. Called before `synced(…, first = true)` loads it all again; override to
   * note what that load must replace rather than add to.
   */
  protected reloading(_reset: RealtimeReset): void {}

  /** The element left the page: stop timers, sounds and speech. */
  protected pause(): void {}

  protected get slug(): string {
    return this.channel.trim();
  }

  protected get locale(): Locale {
    return pickLocale(this.lang, this.parentElement?.closest('[lang]')?.getAttribute('lang'));
  }

  protected t(key: OverlayKey, params?: Readonly<Record<string, string | number>>): string {
    return translate(overlayStrings, this.locale, key, params);
  }

  /** A translated sentence whose `{placeholders}` are rendered parts, e.g. a styled name. */
  protected tParts(key: OverlayKey, parts: Readonly<Record<string, TemplateResult>>): (TemplateResult | string)[] {
    return this.t(key)
      .split(/\{(\w+)\}/)
      .map((piece, i) => (i % 2 ? (parts[piece] ?? piece) : piece));
  }

  /** What the connection is for; subclasses add attributes that need a fresh start. */
  protected identity(): string {
    return [this.server.trim(), this.slug, this.needsKey ? this.key.trim() : ''].join('\n');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page after a move: willUpdate sees no change, so reconnect here.
    if (this.hasUpdated) this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
    this.pause();
    clearTimeout(this.#announceTimer);
    this.#announceTimer = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.isConnected && (!this.live || this.identity() !== this.#connectedFor)) this.#start();
  }

  #start(): void {
    const identity = this.identity();
    const same = identity === this.#connectedFor;
    if (!same) this.reset();
    this.#stop();
    // Back on the page with what it showed: resume after the last event it saw instead of loading again.
    const after = same ? this.#resumeAfter : undefined;
    this.#connectedFor = identity;
    const [server, slug, key] = identity.split('\n');
    if (!slug || !server || (this.needsKey && !key)) return;
    const client = createClient({ baseUrl: server, ...(key ? { token: key } : {}) });
    const live = client.realtime(slug, after === undefined ? {} : { after });
    this.client = client;
    this.live = live;
    this.follow(live);
    let first = after === undefined;
    // A connection that was up and is refused on reconnect (a rotated key) ends `disconnected`,
    // its reason on onError: try again later, like a first connect that failed.
    let reason: unknown;
    live.onError((error) => (reason = error));
    // Events were pruned while away: load everything again, like a first connect (now if connected, else once connected).
    live.onReset((reset) => {
      if (this.live !== live) return;
      this.reloading(reset);
      if (live.state === 'connected') void this.#sync(live, client, slug, true);
      else first = true;
    });
    live.onState((connection) => {
      if (this.live !== live) return;
      this.#setConnection(connection);
      if (connection === 'connected') {
        this.#failures = 0;
        void this.#sync(live, client, slug, first);
        first = false;
      } else if (connection === 'disconnected' && !this.#connecting && !this.#retry) this.#failed(live, reason);
    });
    this.#open(live);
  }

  #open(live: ChannelConnection): void {
    this.#retry = undefined;
    this.#connecting = true;
    live.connect().then(
      () => {
        if (this.live === live) this.#connecting = false;
      },
      (error: unknown) => {
        if (this.live !== live) return;
        this.#connecting = false;
        this.#failed(live, error);
      },
    );
  }

  async #sync(live: ChannelConnection, client: TipchatClient, slug: string, first: boolean): Promise<void> {
    try {
      await this.synced(client, slug, first);
    } catch (error) {
      if (this.live !== live) return;
      this.#report(error);
      setTimeout(() => this.live === live && live.state === 'connected' && this.#sync(live, client, slug, first), this.#backoff());
    }
  }

  /** Nothing ugly on stream: the element keeps what it shows, tells the page, and tries again. */
  #failed(live: ChannelConnection, error: unknown): void {
    if (this.live !== live) return;
    this.#report(error);
    this.#retry = setTimeout(() => this.live === live && this.#open(live), this.#backoff());
  }

  #backoff(): number {
    return Math.min(30_000, 1_000 * 2 ** this.#failures++);
  }

  #report(error: unknown): void {
    this.emit('tipchat-overlay-error', {
      code: error instanceof TipchatError ? error.code : 'NETWORK_ERROR',
      message: String(error instanceof Error ? error.message : error),
    });
  }

  #stop(): void {
    const live = this.live;
    if (live) this.#resumeAfter = live.lastSeq;
    this.live = this.client = undefined;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#connecting = false;
    live?.close();
    this.#setConnection('disconnected');
  }

  #setConnection(connection: ConnectionState): void {
    this.connection = connection;
    this.setAttribute('data-connection', connection);
  }

  /** Queues a polite announcement; several within a few seconds become one summary. */
  protected announce(text: string): void {
    this.#toAnnounce.push(text);
    if (!this.#announceTimer) this.#announceNext();
  }

  #announceNext(): void {
    const texts = this.#toAnnounce.splice(0);
    this.#announceTimer = undefined;
    if (!texts.length) return;
    this.announcement = texts.length > 1 ? this.t('manyTips', { count: texts.length }) : (texts[0] ?? '');
    this.#announceTimer = setTimeout(() => this.#announceNext(), ANNOUNCE_EVERY_MS);
  }

  /** The screen-reader-only live region every overlay renders. */
  protected liveRegion(): TemplateResult {
    return html`<div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** An overlay could not connect or load (it keeps trying); `code` is the SDK's error code. */
    'tipchat-overlay-error': CustomEvent<{ code: string; message: string }>;
  }
}
