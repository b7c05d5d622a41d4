import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { formatAmount } from '../../internal/format';
import type { ChannelConnection, Goal, TipchatClient } from '../overlay/client';
import { cssProps } from '../overlay/css-props';
import { overlayStyles } from '../overlay/overlay.styles';
import { OverlayElement } from '../overlay/overlay-element';
import { goalStyles } from './goal.styles';

/**
 * The channel's goal: its title, a progress bar that moves as tips arrive, the amounts, the
 * reached state, and the time left when the goal has a deadline. Public: no key needed. Shows
 * nothing while the channel has no goal.
 *
 * @summary The tip goal bar for OBS.
 *
 * Attributes: `channel`, `server`, `theme` (`light`/`dark`), `transparent` (on unless "false"),
 * `lang` (`en`/`hi`; else the page's); the host shows its connection in `data-connection`
 * (`connecting`, `connected`, `reconnecting`, `disconnected`) and keeps its content meanwhile.
 *
 * @event tipchat-overlay-error - Connecting or loading failed (it retries). `detail`: `{ code, message }`.
 *
 * @csspart base - The card; `data-reached` is set once the goal is reached.
 * @csspart title - The goal's title.
 * @csspart bar - The progress bar (`role="progressbar"`).
 * @csspart fill - The filled part of the bar.
 * @csspart amounts - "<progress> of <target>".
 * @csspart status - "Goal reached!", the time left, or "Ended".
 *
 * @cssproperty --tipchat-text - Text colour.
 * @cssproperty --tipchat-muted - Colour of the amounts and the time left.
 * @cssproperty --tipchat-background - Card background.
 * @cssproperty --tipchat-primary - Colour of the bar's fill.
 * @cssproperty --tipchat-reached - Colour of the fill once reached.
 * @cssproperty --tipchat-track - Colour of the bar's empty part.
 * @cssproperty --tipchat-bar-height - Height of the bar (default 22px).
 * @cssproperty --tipchat-font-family - Font.
 * @cssproperty --tipchat-font-size - Base font size (default 20px).
 * @cssproperty --tipchat-radius - Card corner radius.
 * @cssproperty --tipchat-padding - Card padding.
 */
export class TipchatGoal extends OverlayElement {
  static override styles = [overlayStyles, goalStyles];
  static override properties: PropertyDeclarations = { goal: { state: true }, now: { state: true } };

  /** undefined until loaded; null when the channel has no goal. */
  protected goal: Goal | null | undefined;
  protected now = Date.now();

  /** Bumped by every goal event, so a slower first read cannot overwrite a newer push. */
  #version = 0;
  #clock: ReturnType<typeof setInterval> | undefined;

  protected override reset(): void {
    this.goal = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page: updated() starts the countdown's clock again.
    this.requestUpdate();
  }

  protected override pause(): void {
    clearInterval(this.#clock);
    this.#clock = undefined;
  }

  protected override follow(live: ChannelConnection): void {
    live.on('goal.updated', ({ data }) => {
      this.#version++;
      if (data.goal?.reached && this.goal?.id === data.goal.id && !this.goal.reached) this.announce(this.t('reached'));
      this.goal = data.goal;
    });
  }

  protected override async synced(client: TipchatClient, slug: string, first: boolean): Promise<void> {
    if (!first) return;
    const version = this.#version;
    const goal = await client.goals.get(slug);
    if (client === this.client && version === this.#version) this.goal = goal;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The countdown ticks only while there is a deadline ahead.
    const ticking = this.isConnected && this.goal?.deadline != null && Date.parse(this.goal.deadline) > this.now;
    if (ticking && this.#clock === undefined) this.#clock = setInterval(() => (this.now = Date.now()), 1_000);
    if (!ticking) this.pause();
  }

  protected override render() {
    const { goal } = this;
    if (!goal) return this.liveRegion();
    const money = (minor: number) => formatAmount(minor, goal.currency, this.locale);
    const amounts = this.t('goalOf', { progress: money(goal.progress), target: money(goal.target) });
    const fraction = goal.target > 0 ? Math.min(1, Math.max(0, goal.progress / goal.target)) : 1;
    return html`
      ${this.liveRegion()}
      <section part="base" class="card" ?data-reached=${goal.reached}>
        <div class="top">
          <bdi part="title" class="title">${goal.title}</bdi>
          <span part="status" class="status">${this.#status(goal)}</span>
        </div>
        <div
          part="bar"
          class="bar"
          role="progressbar"
          aria-label=${goal.title}
          aria-valuemin="0"
          aria-valuemax=${goal.target}
          aria-valuenow=${Math.min(goal.progress, goal.target)}
          aria-valuetext=${amounts}
        >
          <div part="fill" class="fill" ${cssProps({ '--_fraction': String(fraction) })}></div>
        </div>
        <div part="amounts" class="amounts">${amounts}</div>
      </section>
    `;
  }

  #status(goal: Goal) {
    if (goal.reached) return this.t('reached');
    if (goal.deadline === null) return nothing;
    const seconds = Math.max(0, Math.floor((Date.parse(goal.deadline) - this.now) / 1_000));
    if (seconds === 0) return this.t('ended');
    const days = Math.floor(seconds / 86_400);
    const clock = [Math.floor(seconds / 3_600) % 24, Math.floor(seconds / 60) % 60, seconds % 60]
      .map((n) => String(n).padStart(2, '0'))
      .join(':');
    return this.t('left', { time: days > 0 ? `${this.t('days', { count: days })} ${clock}` : clock });
  }
}
