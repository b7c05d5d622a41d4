import { html, nothing, type PropertyDeclarations } from 'lit';
import { formatAmount } from '../../internal/format';
import type { ChannelConnection, ChatMessage, RealtimeReset, TipchatClient } from '../overlay/client';
import { cssProps } from '../overlay/css-props';
import { overlayStyles } from '../overlay/overlay.styles';
import { OverlayElement } from '../overlay/overlay-element';
import { chatOverlayStyles } from './chat-overlay.styles';

/** How long a message takes to fade out before it leaves the list. */
const FADE_MS = 1_000;

interface Line {
  message: ChatMessage;
  faded: boolean;
}

/**
 * The channel's chat, read-only, for a stream scene: recent history when it loads, then new
 * messages live, tips highlighted in their tier colour. Deleted, removed (a ban) and cleared
 * messages disappear; old messages fade out. Public: no key needed.
 *
 * @summary Read-only chat for OBS that fades old messages.
 *
 * Attributes: `channel`, `server`, `theme` (`light`/`dark`), `transparent` (on unless "false"),
 * `lang` (`en`/`hi`; else the page's); the host shows its connection in `data-connection`
 * (`connecting`, `connected`, `reconnecting`, `disconnected`) and keeps its content meanwhile.
 *
 * @event tipchat-overlay-error - Connecting or loading failed (it retries). `detail`: `{ code, message }`.
 *
 * @csspart list - The list of messages (newest last).
 * @csspart message - One message; `data-role` is the author's role (`viewer`, `moderator`, `streamer`), `data-faded` is set while it fades.
 * @csspart tip - Also on a tip's message.
 * @csspart author - The author's name.
 * @csspart amount - A tip's amount.
 * @csspart text - The message text.
 *
 * @cssproperty --tipchat-text - Text colour.
 * @cssproperty --tipchat-background - Message background.
 * @cssproperty --tipchat-primary - Colour of authors' names.
 * @cssproperty --tipchat-tip - A tip's highlight; defaults to its tier colour.
 * @cssproperty --tipchat-font-family - Font.
 * @cssproperty --tipchat-font-size - Base font size (default 20px).
 * @cssproperty --tipchat-radius - Message corner radius.
 * @cssproperty --tipchat-gap - Space between messages (default 8px).
 */
export class TipchatChatOverlay extends OverlayElement {
  static override styles = [overlayStyles, chatOverlayStyles];
  static override properties: PropertyDeclarations = {
    fadeAfter: { type: Number, attribute: 'fade-after' },
    maxMessages: { type: Number, attribute: 'max-messages' },
    lines: { state: true },
  };

  /** Seconds a message stays before it fades out (default 30; 0 keeps messages until pushed out). */
  fadeAfter = 30;
  /** The most messages shown at once, 1 to 100 (default 20); older ones leave first. */
  maxMessages = 20;

  protected lines: Line[] = [];
  /** Until history is read: messages removed or faded meanwhile, which an older history read must not bring back. */
  #gone: Set<string> | undefined = new Set();
  /** Sequence of the last `chat.cleared`: history from before it stays out. */
  #clearedAt = 0;
  #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** After a reset: lines up to `through` the history no longer has go; history adds only messages after `after`. */
  #reload: { through: number; after: number } | undefined;

  get #capacity(): number {
    return Math.min(100, Math.max(1, Math.floor(this.maxMessages) || 20));
  }

  protected override reset(): void {
    this.pause();
    this.lines = [];
    this.#gone = new Set();
    this.#clearedAt = 0;
    this.#reload = undefined;
  }

  protected override pause(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page: messages whose fade was cancelled when it left start their wait again.
    for (const { message } of this.lines) if (!this.#timers.has(message.id)) this.#fadeLater(message.id);
  }

  protected override follow(live: ChannelConnection): void {
    live.on('chat.message', ({ data }) => this.#add([data]));
    live.on('chat.message_deleted', ({ data }) => this.#drop([data.messageId]));
    live.on('chat.messages_removed', ({ data }) => this.#drop(data.messageIds));
    live.on('chat.cleared', ({ seq }) => {
      this.#clearedAt = seq;
      this.#drop(this.lines.map((line) => line.message.id));
    });
  }

  protected override reloading({ headSeq }: RealtimeReset): void {
    // Faded and pushed-out messages (older than the newest line) stay out of the reload.
    this.#reload = { through: headSeq, after: this.lines.at(-1)?.message.seq ?? 0 };
    this.#gone = new Set();
  }

  protected override async synced(client: TipchatClient, slug: string, first: boolean): Promise<void> {
    if (!first) return;
    const { messages } = await client.chat.history(slug, { limit: this.#capacity });
    if (client !== this.client) return;
    const reload = this.#reload;
    this.#reload = undefined;
    if (reload) {
      // Deleted, removed or cleared while the events were being pruned.
      const kept = new Set(messages.map((m) => m.id));
      this.#drop(
        this.lines.filter(({ message }) => message.seq <= reload.through && !kept.has(message.id)).map(({ message }) => message.id),
      );
    }
    this.#add(reload ? messages.filter((m) => m.seq > reload.after) : messages);
    this.#gone = undefined;
  }

  #add(messages: readonly ChatMessage[]): void {
    const shown = new Set(this.lines.map((line) => line.message.id));
    const fresh = messages.filter((m) => !shown.has(m.id) && !this.#gone?.has(m.id) && m.seq > this.#clearedAt);
    if (fresh.length === 0) return;
    const lines = [...this.lines, ...fresh.map((message) => ({ message, faded: false }))].sort((a, b) => a.message.seq - b.message.seq);
    const pushedOut = lines.splice(0, Math.max(0, lines.length - this.#capacity));
    for (const { message } of pushedOut) this.#forget(message.id);
    this.lines = lines;
    for (const message of fresh) if (lines.some((line) => line.message === message)) this.#fadeLater(message.id);
  }

  #drop(ids: readonly string[]): void {
    for (const id of ids) this.#forget(id);
    const removed = new Set(ids);
    this.lines = this.lines.filter((line) => !removed.has(line.message.id));
  }

  #forget(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.#gone?.add(id);
  }

  /** After `fade-after` seconds the message fades, then leaves. */
  #fadeLater(id: string): void {
    if (!(this.fadeAfter > 0)) return;
    this.#timers.set(
      id,
      setTimeout(() => {
        this.lines = this.lines.map((line) => (line.message.id === id ? { ...line, faded: true } : line));
        this.#timers.set(
          id,
          setTimeout(() => this.#drop([id]), FADE_MS),
        );
      }, this.fadeAfter * 1_000),
    );
  }

  protected override render() {
    return html`
      <ol part="list" class="list" aria-label=${this.t('chat')}>
        ${this.lines.map(
          ({ message, faded }) => html`
            <li
              part="message ${message.tip ? 'tip' : ''}"
              class="message card ${message.tip ? 'tip' : ''}"
              data-role=${message.author.role}
              ?data-faded=${faded}
              ${cssProps({ '--_tip': message.tip?.color ?? 'transparent' })}
            >
              <bdi part="author" class="author">${message.author.displayName}</bdi>
              ${message.tip ? html`<span part="amount" class="amount">${formatAmount(message.tip.amount, message.tip.currency, this.locale)}</span>` : nothing}
              ${message.text ? html`<bdi part="text" class="text">${message.text}</bdi>` : nothing}
            </li>
          `,
        )}
      </ol>
    `;
  }
}
