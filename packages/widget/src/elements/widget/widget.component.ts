import { type Channel, createClient, NetworkError, TipchatError } from '@tipchat/sdk';
import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { TipchatElement } from '../../internal/tipchat-element';
import { widgetStyles } from './widget.styles';

/** What the widget shows; also set as `data-state` on the base part for styling. */
export type WidgetState = 'unconfigured' | 'loading' | 'live' | 'offline' | 'not-found' | 'unreachable' | 'error';

type View = { state: 'unconfigured' | 'loading' | 'not-found' | 'unreachable' | 'error' } | { state: 'live' | 'offline'; channel: Channel };

const STATUS_TEXT: Record<WidgetState, string> = {
  unconfigured: 'Set the channel and server attributes',
  loading: 'Loading…',
  live: 'Live',
  offline: 'Offline',
  'not-found': 'Channel not found',
  unreachable: 'Cannot reach the tipchat server',
  error: 'Something went wrong',
};

/**
 * A streamer's channel card: the channel's name and whether it is live. This is the first
 * piece of the viewer widget; chat and tipping arrive in it later.
 *
 * @summary Shows a tipchat channel and its live status.
 *
 * @event tipchat-load - The channel loaded. `event.detail.channel` is the SDK's `Channel`.
 * @event tipchat-error - Loading failed. `event.detail.state` is `not-found`, `unreachable` or `error`.
 *
 * @csspart base - The card around everything; carries `data-state` (see `WidgetState`).
 * @csspart title - The channel's display name.
 * @csspart status - The live / offline badge, or the loading and error messages.
 *
 * @cssproperty --tipchat-primary - Accent colour. Defaults to the channel's theme colour.
 * @cssproperty --tipchat-background - Card background (`transparent` for OBS). Defaults to the channel's theme.
 * @cssproperty --tipchat-text - Text colour. Defaults to the channel's theme.
 * @cssproperty --tipchat-live - Background of the live badge.
 * @cssproperty --tipchat-danger - Colour of error messages.
 * @cssproperty --tipchat-border-color - Card border colour.
 * @cssproperty --tipchat-radius - Card corner radius.
 * @cssproperty --tipchat-padding - Card padding.
 * @cssproperty --tipchat-font-family - Font of the whole widget.
 * @cssproperty --tipchat-title-size - Font size of the channel name.
 */
export class TipchatWidget extends TipchatElement {
  static override styles = widgetStyles;

  /** The channel's slug, as in `https://…/api/v1/channels/<slug>`. */
  @property({ reflect: true }) channel = '';

  /** Base URL of the tipchat server, e.g. `https://tips.example.com`. */
  @property({ reflect: true }) server = '';

  @state() private view: View = { state: 'unconfigured' };

  /** Bumped on every load, so an answer to an older load (attributes changed meanwhile) is dropped. */
  private loadGeneration = 0;

  /** What the widget currently shows. */
  get state(): WidgetState {
    return this.view.state;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loadGeneration++;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reattached after a move in the DOM: willUpdate sees no change, so load here.
    if (this.hasUpdated) void this.load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('channel') || changed.has('server')) void this.load();
  }

  private async load(): Promise<void> {
    const generation = ++this.loadGeneration;
    const slug = this.channel.trim();
    const server = this.server.trim();
    if (!slug || !server) {
      this.view = { state: 'unconfigured' };
      return;
    }
    this.view = { state: 'loading' };
    try {
      const channel = await createClient({ baseUrl: server }).channels.get(slug);
      if (generation !== this.loadGeneration) return;
      this.view = { state: channel.live ? 'live' : 'offline', channel };
      this.emit('tipchat-load', { channel });
    } catch (error) {
      if (generation !== this.loadGeneration) return;
      const failure = failureState(error);
      this.view = { state: failure };
      this.emit('tipchat-error', { state: failure });
    }
  }

  protected override render() {
    const { view } = this;
    const channel = 'channel' in view ? view.channel : undefined;
    const theme = channel
      ? {
          '--_channel-primary': channel.theme.primaryColor,
          '--_channel-background': channel.theme.backgroundColor,
          '--_channel-text': channel.theme.textColor,
        }
      : {};
    // Every string below is a text binding: a display name such as `<img onerror=…>` shows as text.
    return html`
      <section part="base" class="base" data-state=${view.state} aria-busy=${view.state === 'loading' ? 'true' : 'false'} style=${styleMap(theme)}>
        <h2 part="title" class="title">${channel?.displayName ?? this.channel}</h2>
        <p part="status" class="status" role="status">${STATUS_TEXT[view.state]}</p>
      </section>
    `;
  }
}

type FailureState = 'not-found' | 'unreachable' | 'error';

function failureState(error: unknown): FailureState {
  if (error instanceof NetworkError) return 'unreachable';
  if (error instanceof TipchatError && error.code === 'NOT_FOUND') return 'not-found';
  return 'error';
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tipchat-load': CustomEvent<{ channel: Channel }>;
    'tipchat-error': CustomEvent<{ state: FailureState }>;
  }
}
