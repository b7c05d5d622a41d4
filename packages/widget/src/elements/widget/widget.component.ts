import { html, nothing, type PropertyValues } from 'lit';
import { type Locale, pickLocale, translate } from '../../i18n/translate';
import { formatAmount } from '../../internal/format';
import { TipchatElement } from '../../internal/tipchat-element';
import { Announcer } from './announcer';
import { type ViewerKey, viewerCatalogs } from './catalogs';
import { ChatSession, type LoadState } from './chat-session';
import type { Channel, ChatMessage, PublicTip } from './client';
import { cssVars } from './css-vars';
import { TipFlow } from './tip-flow';
import { renderChat } from './view-chat';
import { renderComposer } from './view-composer';
import { renderTipForm } from './view-tip';
import { widgetStyles } from './widget.styles';

/** What the widget shows as a whole; also `data-state` on the base part, for styling. */
export type WidgetState = Exclude<LoadState, 'ready'> | 'live' | 'offline' | 'reconnecting';

/**
 * A channel's live chat with a Tip button, for any web page: history and live messages, a guest
 * name prompt, a send box that keeps to the channel's chat settings (length, slow mode, links),
 * the pinned message and highlighted tips by tier, and tipping through the channel's payment
 * provider. Everything a viewer wrote is rendered as text, never as HTML.
 *
 * The guest's token stays in `localStorage` (per server and channel), so a reload chats on as
 * the same guest. Stripe.js (js.stripe.com) and Cashfree's checkout (sdk.cashfree.com) are only
 * loaded when a viewer pays with them; see the package README for the CSP a host page needs.
 *
 * @summary Live chat and tips for a tipchat channel.
 *
 * @attr channel - The channel's slug.
 * @attr server - Base URL of the tipchat server, e.g. `https://tips.example.com`.
 * @attr theme - `light` (default) or `dark`.
 * @attr transparent - No background (for OBS or a page with its own).
 * @attr lang - `en` or `hi`; defaults to the nearest `lang` attribute above it, then the browser's language.
 * @attr max-messages - How many messages the chat keeps on screen (default 200; older ones drop off the top).
 *
 * @event tipchat-ready - The channel loaded; `detail.channel` is the SDK's `Channel`.
 * @event tipchat-message-sent - The viewer's message was stored; `detail.message` is the `ChatMessage`.
 * @event tipchat-tip-started - A tip was created and waits for payment; `detail.tip` is the `PublicTip`.
 * @event tipchat-tip-succeeded - The tip was paid; `detail.tip`.
 * @event tipchat-tip-failed - The payment failed; `detail.tip` (null if no tip was made) and `detail.reason`.
 * @event tipchat-error - Loading or an action failed; `detail.code` is the tipchat error code (`NETWORK_ERROR` when unreachable), `detail.message`.
 *
 * @slot payment - Used by the widget itself: Stripe's Payment Element is mounted in light DOM and shown through it.
 *
 * @csspart base - Everything; carries `data-state` (see `WidgetState`).
 * @csspart header - The top row: avatar, title, status and Tip button.
 * @csspart avatar - The channel's avatar (an https URL only), beside its name.
 * @csspart title - The channel's display name.
 * @csspart status - Live, offline, reconnecting, or the loading and error messages.
 * @csspart tip-button - Opens the tip form; disabled while the viewer is banned or timed out.
 * @csspart retry - Tries loading or connecting again after a failure.
 * @csspart pins - The pinned message and pinned tips above the chat.
 * @csspart chip - A pinned tip in the ticker above the chat (amount and name in the tier colour; also `pinned` and `tip`).
 * @csspart chat - The message list.
 * @csspart message - One message (`pinned` in the pins). Tips also have `tip` and the tier colour in `--tier`; the author's role is the class.
 * @csspart amount - A tip's amount in its message.
 * @csspart author - A message's author.
 * @csspart text - A message's text.
 * @csspart empty - Shown while the chat has no messages.
 * @csspart jump - The "new messages" button shown while the viewer reads older messages.
 * @csspart composer - The name prompt or send box.
 * @csspart input - Text fields.
 * @csspart send - The send and join buttons.
 * @csspart hint - Limits and refusals under the send box; holds `counter`.
 * @csspart counter - Characters used of the limit.
 * @csspart notice - The banned or timed-out message.
 * @csspart tip-form - The tip panel; holds `presets`, `preset`, `fee`, `pay`, `close`, `result`.
 *
 * @cssproperty --tipchat-primary - Accent colour. Defaults to the channel's theme colour.
 * @cssproperty --tipchat-background - Background. Defaults to the channel's theme (light) or a dark grey (dark).
 * @cssproperty --tipchat-text - Text colour. Defaults to the channel's theme (light) or near white (dark).
 * @cssproperty --tipchat-live - Background of the live badge.
 * @cssproperty --tipchat-danger - Colour of errors and the ban notice.
 * @cssproperty --tipchat-border-color - Borders.
 * @cssproperty --tipchat-radius - Corner radius.
 * @cssproperty --tipchat-height - Height of the widget (default 28rem).
 * @cssproperty --tipchat-font-family - Font of the whole widget.
 * @cssproperty --tipchat-font-size - Base font size.
 */
export class TipchatWidget extends TipchatElement {
  static override styles = widgetStyles;

  static override properties = {
    channel: { reflect: true },
    server: { reflect: true },
    theme: { reflect: true },
    transparent: { type: Boolean, reflect: true },
    maxMessages: { type: Number, attribute: 'max-messages' },
    // The native `lang` stays native; the widget only re-renders when the attribute changes.
    lang: { noAccessor: true },
  };

  channel = '';
  server = '';
  theme: 'light' | 'dark' = 'light';
  transparent = false;
  maxMessages = 200;

  locale: Locale = 'en';
  /** What the viewer is typing. */
  draft = '';
  /** Whether the chat follows new messages; false while the viewer reads older ones. */
  follow = true;
  /** Messages that arrived while the viewer was scrolled up. */
  unseen = 0;
  /** Where the last render left the chat list's scroll position. */
  private pinnedTop = 0;

  readonly session = new ChatSession(this, {
    ready: (channel) => this.emit('tipchat-ready', { channel }),
    message: (message) => this.arrived(message),
    sent: (message) => this.emit('tipchat-message-sent', { message }),
    failed: (code, message) => this.emit('tipchat-error', { code, message }),
  });

  readonly tips = new TipFlow(this, this.session, {
    started: (tip) => this.emit('tipchat-tip-started', { tip }),
    succeeded: (tip) => this.emit('tipchat-tip-succeeded', { tip }),
    failed: (tip, reason) => this.emit('tipchat-tip-failed', { tip, reason }),
  });

  private readonly announcer = new Announcer(this, (n) => this.t('many', { n }));
  private wake: ReturnType<typeof setTimeout> | undefined;
  private sending = false;

  /** What the widget shows as a whole. */
  get state(): WidgetState {
    const { load, connection, channel } = this.session;
    if (load !== 'ready') return load;
    if (connection === 'reconnecting') return 'reconnecting';
    if (connection === 'disconnected') return 'unreachable';
    return channel?.live ? 'live' : 'offline';
  }

  t(key: ViewerKey, params?: Record<string, string | number>): string {
    return translate(viewerCatalogs, this.locale, key, params);
  }

  /** An amount as people read it, in the channel's currency unless told otherwise. */
  money(minor: number, currency = this.session.channel?.currency ?? 'USD'): string {
    return formatAmount(minor, currency, this.locale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the DOM: disconnecting stopped the session, and willUpdate sees no change.
    if (this.hasUpdated) void this.session.start(this.server.trim(), this.channel.trim());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.tips.close();
    clearTimeout(this.wake);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The scroll event reaches us a frame after the viewer scrolls; a render in between would
    // otherwise pin the list back to the bottom under them.
    if (this.scrolledUp()) this.follow = false;
    this.locale = pickLocale(this.closest('[lang]')?.getAttribute('lang'));
    this.session.log.cap = this.maxMessages > 0 ? this.maxMessages : 200;
    // A ban closes the tip form (the server would refuse the tip); the composer says why.
    if (this.session.barred) this.tips.close();
    if (!this.hasUpdated || changed.has('channel') || changed.has('server')) {
      this.tips.close();
      void this.session.start(this.server.trim(), this.channel.trim());
    }
  }

  protected override updated(): void {
    const list = this.renderRoot.querySelector('[part~="chat"]');
    if (list && this.follow) list.scrollTop = list.scrollHeight;
    this.pinnedTop = list?.scrollTop ?? 0;
    this.scheduleWake();
  }

  /**
   * Re-renders when something on screen runs out: the slow-mode countdown (every second), a
   * time-out, a tip's pin.
   */
  private scheduleWake(): void {
    clearTimeout(this.wake);
    const { session } = this;
    const now = Date.now();
    const next = Math.min(
      ...[
        session.slowUntil > now ? now + ((session.slowUntil - now) % 1000 || 1000) : 0,
        Date.parse(session.ban?.until ?? ''),
        ...session.log.pinnedTips(now).map((m) => Date.parse(m.tip?.pinnedUntil ?? '')),
      ].filter((time) => time > now),
    );
    if (next < Infinity) this.wake = setTimeout(() => this.requestUpdate(), Math.min(next - now, 2 ** 31 - 1));
  }

  /** Whether the chat list is scrolled to its newest message (true while there is no list). */
  private showsNewest(): boolean {
    const list = this.renderRoot?.querySelector('[part~="chat"]');
    return !list || list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  }

  /**
   * Whether the viewer scrolled the chat up since the last render left it, before the browser
   * told us. Up, not merely away from the bottom: a widget that shrinks (a phone's keyboard
   * opening) leaves the list short of the bottom without anyone scrolling.
   */
  private scrolledUp(): boolean {
    const list = this.renderRoot?.querySelector('[part~="chat"]');
    return this.follow && !!list && list.scrollTop < this.pinnedTop - 1 && !this.showsNewest();
  }

  private arrived(message: ChatMessage): void {
    if (this.scrolledUp()) this.follow = false;
    if (!this.follow) this.unseen++;
    const { tip, author, text } = message;
    this.announcer.say(
      tip
        ? `${this.t('tipped', { name: author.displayName, amount: this.money(tip.amount, tip.currency) })} ${text}`
        : `${author.displayName}: ${text}`,
    );
  }

  onScroll(): void {
    const follow = this.showsNewest();
    if (follow !== this.follow) {
      this.follow = follow;
      if (follow) this.unseen = 0;
      this.requestUpdate();
    }
  }

  jump(): void {
    const list = this.renderRoot.querySelector('[part~="chat"]');
    if (list) list.scrollTop = list.scrollHeight;
    this.follow = true;
    this.unseen = 0;
    this.requestUpdate();
  }

  async onJoin(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    await this.session.join(input.value.trim());
    this.afterAction();
  }

  onDraft(event: Event): void {
    this.draft = (event.target as HTMLInputElement).value;
    this.session.problem = undefined;
    this.requestUpdate();
  }

  async onSend(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const text = this.draft.trim();
    if (!text || this.sending) return;
    this.sending = true;
    if (await this.session.send(text)) {
      this.draft = '';
      this.follow = true;
    }
    this.sending = false;
    this.afterAction();
  }

  /** Keeps the keyboard where it was after the send box or name prompt re-rendered, and says what went wrong. */
  private async afterAction(): Promise<void> {
    const { problem } = this.session;
    if (problem) this.announcer.say(this.t(problem));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('[part~="composer"] input')?.focus();
  }

  async openTip(): Promise<void> {
    await this.tips.open();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-pressed="true"]')?.focus();
  }

  closeTip(): void {
    this.tips.close();
    this.renderRoot.querySelector<HTMLElement>('[part~="tip-button"]')?.focus();
  }

  pickPreset(amount: number): void {
    this.tips.preset = amount;
    this.tips.custom = '';
    this.tips.requote();
    this.requestUpdate();
  }

  onTip(event: SubmitEvent): void {
    event.preventDefault();
    void this.tips.submit();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.tips.step !== 'closed') this.closeTip();
  }

  private retry(): void {
    if (this.session.load === 'ready') this.session.connect();
    else void this.session.start(this.server.trim(), this.channel.trim());
  }

  protected override render() {
    const { session, state } = this;
    const { channel } = session;
    const ready = session.load === 'ready';
    const theme = channel?.theme;
    return html`<section
      part="base"
      class="base"
      data-state=${state}
      .style=${cssVars({ '--_channel-primary': theme?.primaryColor, '--_channel-background': theme?.backgroundColor, '--_channel-text': theme?.textColor })}
      @keydown=${this.onKey}
    >
      <header part="header">
        ${channel?.avatarUrl?.startsWith('https://') ? html`<img part="avatar" src=${channel.avatarUrl} alt="" referrerpolicy="no-referrer" />` : nothing}
        <h2 part="title">${channel?.displayName ?? this.channel}</h2>
        <span part="status" role="status">${this.t(state)}</span>
        ${
          state === 'unreachable' || state === 'error'
            ? html`<button part="retry" @click=${this.retry}>${this.t('retry')}</button>`
            : ready
              ? html`<button part="tip-button" aria-haspopup="dialog" ?disabled=${session.barred} @click=${this.openTip}>${this.t('tip')}</button>`
              : nothing
        }
      </header>
      ${
        ready
          ? html`<div class="body">${renderChat(this)}${this.tips.step === 'closed' ? nothing : renderTipForm(this)}</div>
              ${this.tips.step === 'closed' ? renderComposer(this) : nothing}`
          : nothing
      }
      <p class="sr" aria-live="polite">${this.announcer.text}</p>
    </section>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tipchat-ready': CustomEvent<{ channel: Channel }>;
    'tipchat-message-sent': CustomEvent<{ message: ChatMessage }>;
    'tipchat-tip-started': CustomEvent<{ tip: PublicTip }>;
    'tipchat-tip-succeeded': CustomEvent<{ tip: PublicTip }>;
    'tipchat-tip-failed': CustomEvent<{ tip: PublicTip | null; reason: string | null }>;
    'tipchat-error': CustomEvent<{ code: string; message: string }>;
  }
}
