import { html, nothing, type PropertyDeclarations } from 'lit';
import { formatAmount } from '../../internal/format';
import type { Alert, AlertDesign, AlertSettings, AlertVariation, ChannelConnection, PublicTip, TipchatClient } from '../overlay/client';
import { TipchatError } from '../overlay/client';
import { cssProps } from '../overlay/css-props';
import { overlayStyles } from '../overlay/overlay.styles';
import { OverlayElement } from '../overlay/overlay-element';
import { AlertLine, type LineEntry } from './alert-line';
import { fillTemplate, mediaOf, soundUrl, variationFor } from './alert-look';
import { alertLookStyles } from './alert-look.styles';
import { AlertSpeech } from './alert-speech';
import { alertsStyles } from './alerts.styles';

/** The exit animation's length; the next alert enters after it. */
const EXIT_MS = 400;
/** How long an alert whose time is up waits for its speech to be said (600 characters at a slow rate take about 45 s). */
const SPEECH_MAX_MS = 45_000;

/** 4xx answers other than "slow down" will not change by asking again; anything else is retried on reconnect. */
const isFinal = (error: unknown) =>
  error instanceof TipchatError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;

/**
 * The channel's tip alerts on stream, one at a time, each for its tier's `alertSeconds`. It
 * connects with the overlay key, reads the queue on every (re)connect and then follows it live:
 * pause and resume, skip (a playing alert stops) and replay from the dashboard apply at once.
 * Every alert it plays to the end is acknowledged, so an overlay that restarts resumes the queue
 * without repeating what was shown; acknowledgements that fail for the network are sent again
 * on reconnect. Test alerts play but are never acknowledged.
 *
 * @summary Tip alerts for OBS: animation, optional sound and text-to-speech.
 *
 * Attributes: `channel`, `server`, `key` (the channel's overlay key `tco_…`, required), `sound`
 * (a URL), `tts`, `theme` (`light`/`dark`), `transparent` (on unless "false"), `lang`
 * (`en`/`hi`; else the page's); the host shows its connection in `data-connection`
 * (`connecting`, `connected`, `reconnecting`, `disconnected`) and keeps its content meanwhile.
 *
 * @event tipchat-alert-start - An alert started. `detail`: `{ alert, test }` (`alert` is the SDK's `Alert`).
 * @event tipchat-alert-end - An alert ended. `detail`: `{ alert, test, skipped }`.
 * @event tipchat-overlay-error - Connecting or loading failed (it retries). `detail`: `{ code, message }`.
 *
 * The channel's alert design (the dashboard's alert designer, in the alert settings) picks a
 * variation by the tip's amount: its image or video, sound, text template, layout, font, colours,
 * animations, duration and volume. Without a design the card is the classic one. `preview(tip,
 * design)` plays a tip at once without a server (the designer's live preview).
 *
 * @csspart alert - The alert card; `data-tier` is the tier's index, `data-test` marks a test alert, `data-variation` the design's variation (`default` or its index).
 * @csspart media - The variation's image or video.
 * @csspart sound - The `<audio>` playing the alert's sound.
 * @csspart headline - "<name> tipped <amount>".
 * @csspart name - The tipper's name.
 * @csspart amount - The amount, in the channel's currency.
 * @csspart message - The tip's message (absent when there is none or it is held for review).
 * @csspart timer - The bar that runs down while the alert plays.
 *
 * @cssproperty --tipchat-text - Text colour.
 * @cssproperty --tipchat-background - Card background (translucent by default when `transparent`).
 * @cssproperty --tipchat-primary - Accent colour.
 * @cssproperty --tipchat-tier - The alert's accent; defaults to the tier's colour.
 * @cssproperty --tipchat-font-family - Font.
 * @cssproperty --tipchat-font-size - Base font size (default 20px; the amount is larger).
 * @cssproperty --tipchat-radius - Card corner radius.
 * @cssproperty --tipchat-padding - Card padding.
 */
export class TipchatAlerts extends OverlayElement {
  static override styles = [overlayStyles, alertsStyles, alertLookStyles];
  static override properties: PropertyDeclarations = {
    sound: {},
    tts: { type: Boolean, reflect: true },
    current: { state: true },
    leaving: { state: true },
  };

  /** URL of a sound to play with each alert (the page's CSP must allow it in `media-src`). */
  sound = '';
  /** Speak each alert ("<name> tipped <amount>: <message>") after its sound: audio synthesised by the server, which OBS hears (alert-speech.ts). */
  tts = false;

  protected current: LineEntry | undefined;
  /** The alert on screen is playing its exit animation. */
  protected leaving = false;
  protected override needsKey = true;

  #line = new AlertLine();
  #settings: AlertSettings = { minAmount: 0, paused: false };
  /** Bumped by every settings event, so an older queue read does not undo a newer pause. */
  #settingsVersion = 0;
  /** Nothing plays before the queue was read once: it holds the oldest alerts. */
  #queueRead = false;
  /** Played to the end, acknowledgement not yet accepted (the network failed). */
  #unacknowledged = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** After a reset: what was waiting then, checked against the next queue read. */
  #stale: Set<string> | undefined;
  #audio: HTMLAudioElement | undefined;
  /** The design's variation the alert on screen plays (none: the classic card), and its index (-1: the default). */
  #look: { variation: AlertVariation; index: number } | undefined;
  #speech = new AlertSpeech();

  /** What is on screen: the alert playing, if any. */
  get playing(): Alert | undefined {
    return this.current?.alert;
  }

  /** How many alerts wait to play here. */
  get waiting(): number {
    return this.#line.size;
  }

  protected override reset(): void {
    this.pause();
    this.#line = new AlertLine();
    this.#settings = { minAmount: 0, paused: false };
    this.#queueRead = false;
    this.#unacknowledged.clear();
    this.#stale = undefined;
  }

  protected override pause(): void {
    // Off the page mid-alert: it has not been seen to the end, so it plays again when back.
    const entry = this.current;
    this.#cut();
    if (entry && !this.leaving) this.#line.putBack(entry);
    this.current = undefined;
    this.leaving = false;
    this.#queueRead = false;
  }

  protected override follow(live: ChannelConnection): void {
    live.on('alert.queued', ({ data }) => this.#add({ alert: data, test: false }));
    live.on('alert.test', ({ data }) => this.#add({ alert: data, test: true }));
    live.on('alert.shown', ({ data }) => this.#line.settle(data));
    live.on('alert.skipped', ({ data }) => {
      this.#line.settle(data);
      const playing = this.current;
      if (playing && !playing.test && !this.leaving && playing.alert.tipId === data.tipId) this.#end(true);
    });
    live.on('alert.settings_updated', ({ data }) => {
      this.#settingsVersion++;
      this.#settings = data;
      this.#next();
    });
  }

  protected override reloading(): void {
    this.#stale = this.#line.snapshot();
  }

  protected override async synced(client: TipchatClient, slug: string): Promise<void> {
    for (const tipId of this.#unacknowledged) void this.#acknowledge(client, slug, tipId);
    const version = this.#settingsVersion;
    const queue = await client.alerts.queue(slug);
    if (client !== this.client) return;
    if (this.#stale) this.#line.keepQueued(this.#stale, queue.queued);
    this.#stale = undefined;
    if (version === this.#settingsVersion) this.#settings = queue.settings;
    for (const alert of queue.queued) this.#line.add({ alert, test: false });
    this.#queueRead = true;
    this.#next();
  }

  #add(entry: LineEntry): void {
    if (this.#line.add(entry)) this.#next();
  }

  /** Starts the next alert unless one is on screen, alerts are paused, or the queue is not known yet. */
  #next(): void {
    if (this.current || !this.#queueRead || this.#settings.paused || this.connection !== 'connected') return;
    const entry = this.#line.next();
    if (entry) this.#play(entry);
  }

  /**
   * Plays `tip` at once as `design` would (without one: as the channel's design does), for the
   * dashboard designer's preview: nothing is read from or acknowledged to a server, the channel's
   * design is left as it is, and the alert on screen, if any, is cut short.
   */
  preview(tip: PublicTip, design?: AlertDesign): void {
    this.#cut();
    this.leaving = false;
    this.#play({ alert: { tipId: tip.id, status: 'queued', queuedAt: tip.createdAt, shownAt: null, replays: 0, tip }, test: true }, design);
  }

  #play(entry: LineEntry, design = this.#settings.design): void {
    this.current = entry;
    const { tip } = entry.alert;
    // Chosen now, so a design saved while alerts wait applies to the next one.
    const look = variationFor(design, tip);
    this.#look = look;
    const said = this.t('tipped', { name: tip.displayName, amount: formatAmount(tip.amount, tip.currency, this.locale) });
    const spoken = tip.message ? `${said}: ${tip.message}` : said;
    this.announce(spoken);
    this.emit('tipchat-alert-start', { alert: entry.alert, test: entry.test });
    const sound = soundUrl(this.server, look?.variation) ?? this.sound;
    if (sound) {
      // In the card (part="sound"), so the page can see what plays; it stops when the card goes.
      this.#audio = new Audio(sound);
      this.#audio.setAttribute('part', 'sound');
      this.#audio.volume = (look?.variation.volume ?? 100) / 100;
      // A missing file or a browser that refuses autoplay must not stop the alert.
      this.#audio.play().catch(() => {});
    }
    if ((this.tts || look?.variation.tts) && this.client) {
      const { client, server, slug, key } = this;
      void this.#speech.speak({ client, server, slug, key, text: spoken, amount: tip.amount, after: this.#audio });
    }
    this.#timer = setTimeout(() => void this.#endAfterSpeech(entry), this.#seconds(tip) * 1_000);
  }

  /** Its time is up: the alert ends once its speech is over (never cut mid-sentence; at most SPEECH_MAX_MS more). */
  async #endAfterSpeech(entry: LineEntry): Promise<void> {
    await this.#speech.over(SPEECH_MAX_MS);
    // Skipped, paused or replaced meanwhile: that already ended it.
    if (this.current === entry && !this.leaving) this.#end(false);
  }

  #seconds(tip: PublicTip): number {
    return this.#look?.variation.durationSeconds ?? tip.tier.alertSeconds;
  }

  /** Ends the alert on screen: played to the end (acknowledged) or skipped (not). */
  #end(skipped: boolean): void {
    const entry = this.current;
    if (!entry) return;
    this.#cut();
    this.leaving = true;
    this.emit('tipchat-alert-end', { alert: entry.alert, test: entry.test, skipped });
    if (!skipped && !entry.test && this.client) void this.#acknowledge(this.client, this.slug, entry.alert.tipId);
    this.#timer = setTimeout(() => {
      this.current = undefined;
      this.leaving = false;
      this.#next();
    }, EXIT_MS);
  }

  /** Stops the timer, the sound and the speech. */
  #cut(): void {
    clearTimeout(this.#timer);
    this.#audio?.pause();
    this.#audio = undefined;
    this.#speech.stop();
  }

  async #acknowledge(client: TipchatClient, slug: string, tipId: string): Promise<void> {
    this.#unacknowledged.add(tipId);
    try {
      await client.alerts.shown(slug, tipId);
      this.#unacknowledged.delete(tipId);
    } catch (error) {
      // ALERT_SKIPPED (skipped as it ended), a rotated key…: asking again will not help.
      if (isFinal(error)) this.#unacknowledged.delete(tipId);
    }
  }

  protected override render() {
    const entry = this.current;
    return html`${this.liveRegion()}${entry ? this.#card(entry) : nothing}`;
  }

  #card({ alert: { tip }, test }: LineEntry) {
    const amount = formatAmount(tip.amount, tip.currency, this.locale);
    const look = this.#look;
    const v = look?.variation;
    // Names and messages are text bindings inside <bdi>: markup stays text, and a right-to-left
    // override in a name cannot flip the words around it. A template is filled the same way.
    const parts = {
      name: html`<bdi part="name" class="name">${tip.displayName}</bdi>`,
      amount: html`<span part="amount" class="amount">${amount}</span>`,
      message: html`<bdi>${tip.message ?? ''}</bdi>`,
    };
    const template = v?.template;
    const classes = v ? ` ${v.layout} font-${v.font} in-${v.animationIn} out-${v.animationOut}` : '';
    return html`
      <div
        part="alert"
        class="alert card${classes} ${this.leaving ? 'leaving' : ''}"
        data-tier=${tip.tier.index}
        data-variation=${look ? (look.index < 0 ? 'default' : look.index) : nothing}
        ?data-test=${test}
        ${cssProps({ '--_tier': v?.highlightColor ?? tip.tier.color, '--_fg': v?.textColor ?? '', '--_seconds': `${this.#seconds(tip)}s` })}
      >
        ${v ? mediaOf(this.server, v) : nothing}
        <div class="text">
          <p part="headline" class="headline">${template ? fillTemplate(template, parts) : this.tParts('tipped', parts)}</p>
          ${tip.message && !template?.includes('{message}') ? html`<p part="message" class="message"><bdi>${tip.message}</bdi></p>` : nothing}
        </div>
        ${this.#audio ?? nothing}
        <div part="timer" class="timer"></div>
      </div>
    `;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tipchat-alert-start': CustomEvent<{ alert: Alert; test: boolean }>;
    'tipchat-alert-end': CustomEvent<{ alert: Alert; test: boolean; skipped: boolean }>;
  }
}
