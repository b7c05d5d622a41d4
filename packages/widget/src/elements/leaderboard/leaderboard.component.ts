import { html, type PropertyDeclarations } from 'lit';
import { formatAmount } from '../../internal/format';
import type { ChannelConnection, LeaderboardEntry, LeaderboardPeriod, TipchatClient } from '../overlay/client';
import { overlayStyles } from '../overlay/overlay.styles';
import { OverlayElement } from '../overlay/overlay-element';
import { leaderboardStyles } from './leaderboard.styles';

const PERIODS: readonly LeaderboardPeriod[] = ['day', 'week', 'month', 'all'];
/** Live pushes carry the top 10 of each period. */
const MAX_ENTRIES = 10;

/**
 * The channel's top tippers for one period, kept up to date as tips arrive. Periods are UTC
 * calendar periods (the day, the ISO week from Monday, the month) or all time. Public: no key
 * needed.
 *
 * @summary The top-tipper leaderboard for OBS.
 *
 * Attributes: `channel`, `server`, `theme` (`light`/`dark`), `transparent` (on unless "false"),
 * `lang` (`en`/`hi`; else the page's); the host shows its connection in `data-connection`
 * (`connecting`, `connected`, `reconnecting`, `disconnected`) and keeps its content meanwhile.
 *
 * @event tipchat-overlay-error - Connecting or loading failed (it retries). `detail`: `{ code, message }`.
 *
 * @csspart base - The card.
 * @csspart title - "Top tippers this week" (by period).
 * @csspart list - The ordered list.
 * @csspart entry - One tipper; `data-rank` is their rank (ties share one).
 * @csspart rank - The rank number.
 * @csspart name - The tipper's name.
 * @csspart amount - Their total in the period.
 * @csspart empty - "No tips yet".
 *
 * @cssproperty --tipchat-text - Text colour.
 * @cssproperty --tipchat-muted - Colour of the ranks.
 * @cssproperty --tipchat-background - Card background.
 * @cssproperty --tipchat-primary - Colour of the amounts and the first place.
 * @cssproperty --tipchat-font-family - Font.
 * @cssproperty --tipchat-font-size - Base font size (default 20px).
 * @cssproperty --tipchat-radius - Card corner radius.
 * @cssproperty --tipchat-padding - Card padding.
 */
export class TipchatLeaderboard extends OverlayElement {
  static override styles = [overlayStyles, leaderboardStyles];
  static override properties: PropertyDeclarations = {
    period: { reflect: true },
    limit: { type: Number },
    entries: { state: true },
  };

  /** `day`, `week` (default), `month` or `all`. */
  period: LeaderboardPeriod = 'week';
  /** How many tippers to show, 1 to 10 (default 5). */
  limit = 5;

  protected entries: LeaderboardEntry[] | undefined;
  #currency = 'USD';
  #version = 0;

  get #shownPeriod(): LeaderboardPeriod {
    return PERIODS.includes(this.period) ? this.period : 'week';
  }

  get #size(): number {
    return Math.min(MAX_ENTRIES, Math.max(1, Math.floor(this.limit) || 5));
  }

  protected override identity(): string {
    return `${super.identity()}\n${this.#shownPeriod}\n${this.#size}`;
  }

  protected override reset(): void {
    this.entries = undefined;
  }

  protected override follow(live: ChannelConnection): void {
    live.on('leaderboard.updated', ({ data }) => {
      this.#version++;
      this.#currency = data.currency;
      this.entries = data[this.#shownPeriod];
    });
  }

  protected override async synced(client: TipchatClient, slug: string, first: boolean): Promise<void> {
    if (!first) return;
    const version = this.#version;
    const board = await client.goals.leaderboard(slug, { period: this.#shownPeriod, limit: this.#size });
    if (client !== this.client || version !== this.#version) return;
    this.#currency = board.currency;
    this.entries = board.entries;
  }

  protected override render() {
    const { entries } = this;
    if (!entries) return this.liveRegion();
    const shown = entries.slice(0, this.#size);
    return html`
      ${this.liveRegion()}
      <section part="base" class="card">
        <h2 part="title" class="title">${this.t(`top_${this.#shownPeriod}`)}</h2>
        ${
          shown.length === 0
            ? html`<p part="empty" class="empty">${this.t('noTips')}</p>`
            : html`<ol part="list" class="list">
              ${shown.map(
                (entry) => html`<li part="entry" class="entry" data-rank=${entry.rank}>
                  <span part="rank" class="rank">${entry.rank}</span>
                  <bdi part="name" class="name">${entry.displayName}</bdi>
                  <span part="amount" class="amount">${formatAmount(entry.amount, this.#currency, this.locale)}</span>
                </li>`,
              )}
            </ol>`
        }
      </section>
    `;
  }
}
