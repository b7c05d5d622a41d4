import { html, svg } from 'lit';
import { formatDate, formatDay, localDayKey } from '../format';
import { LiveResource } from '../live-resource';
import type { TipFeedItem } from '../sdk';
import { loaded } from '../ui';
import { DashboardElement } from '../view';

const DAYS = 30;
/** Pages of 100 tips read at most for the chart. */
const MAX_PAGES = 20;

interface Day {
  key: string;
  date: Date;
  count: number;
  /** What the streamer kept that day, in minor units. */
  net: number;
}

interface Chart {
  currency: string;
  days: Day[];
  /** True when the tips did not all fit in the pages read. */
  partial: boolean;
}

/**
 * Tips per day over the last 30 days as an inline SVG bar chart (no chart library), with the
 * numbers also in a table for screen readers and for reading exact values.
 */
export class EarnChart extends DashboardElement {
  private readonly chart = new LiveResource<Chart>(this, { load: () => this.build(), reloadOn: ['tip.updated'], settleMs: 500 });

  private async build(): Promise<Chart> {
    const slug = this.app.channel?.slug ?? '';
    const currency = this.app.channel?.currency ?? 'USD';
    const today = new Date();
    const first = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (DAYS - 1));
    const days: Day[] = [];
    for (let i = 0; i < DAYS; i++) {
      const date = new Date(first.getFullYear(), first.getMonth(), first.getDate() + i);
      days.push({ key: localDayKey(date), date, count: 0, net: 0 });
    }
    const byKey = new Map(days.map((day) => [day.key, day]));
    let pages = 0;
    let partial = false;
    for await (const page of this.app.client.tipFeed.pages(slug, { from: first, sort: 'oldest', limit: 100, includeHidden: true })) {
      for (const tip of page.tips) this.count(byKey, tip, currency);
      if (++pages >= MAX_PAGES && page.nextCursor) {
        partial = true;
        break;
      }
    }
    return { currency, days, partial };
  }

  private count(byKey: Map<string, Day>, tip: TipFeedItem, currency: string): void {
    if (tip.currency !== currency) return;
    const day = byKey.get(localDayKey(new Date(tip.createdAt)));
    if (!day) return;
    day.count++;
    day.net += tip.net;
  }

  protected override render() {
    return loaded(this.app, this.chart, (chart) => this.renderChart(chart));
  }

  private renderChart({ currency, days, partial }: Chart) {
    const locale = this.app.locale;
    const max = Math.max(1, ...days.map((d) => d.net));
    const width = 600;
    const height = 160;
    const bar = width / days.length;
    const total = days.reduce((sum, d) => sum + d.net, 0);
    const count = days.reduce((sum, d) => sum + d.count, 0);
    const short = (date: Date) => formatDay(date, locale);
    return html`<figure class="chart">
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-caption" preserveAspectRatio="none">
        ${days.map((day, i) => {
          const h = Math.round((day.net / max) * (height - 8));
          return svg`<rect class="bar" x=${i * bar + 2} y=${height - h} width=${bar - 4} height=${h} data-day=${day.key}>
            <title>${short(day.date)}: ${this.app.money(day.net, currency)} (${this.t('tips.count', { n: day.count })})</title>
          </rect>`;
        })}
      </svg>
      <div class="chart-labels" aria-hidden="true">${[0, 14, DAYS - 1].map((i) => html`<span>${days[i] ? short(days[i].date) : ''}</span>`)}</div>
      <figcaption id="chart-caption">${this.t('earn.chartCaption', { n: count, amount: this.app.money(total, currency) })}${partial ? ` ${this.t('earn.chartPartial')}` : ''}</figcaption>
      <details>
        <summary>${this.t('earn.chartTable')}</summary>
        <div class="table-scroll">
          <table>
            <thead><tr><th scope="col">${this.t('earn.day')}</th><th scope="col">${this.t('earn.tips')}</th><th scope="col">${this.t('tips.net')}</th></tr></thead>
            <tbody>
              ${days.filter((d) => d.count > 0).map((d) => html`<tr><td>${formatDate(d.date.toISOString(), locale)}</td><td>${d.count}</td><td>${this.app.money(d.net, currency)}</td></tr>`)}
            </tbody>
          </table>
        </div>
      </details>
    </figure>`;
  }
}
