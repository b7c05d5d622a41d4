import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import { AlertStates } from '../live-alerts';
import { LiveResource } from '../live-resource';
import type { TipFeedItem, TipFeedOptions, TipTotals } from '../sdk';
import { empty, errorBox, loading } from '../ui';
import { Actions, DashboardElement } from '../view';
import {
  ALL_STATUSES,
  DEFAULT_FILTER,
  type FilterProblem,
  feedOptions,
  filterFromForm,
  isDefaultFilter,
  matches,
  SORTS,
  type TipFilter,
  upsertTip,
} from './tip-filter';

const PAGE_SIZE = 25;

interface FeedState {
  items: TipFeedItem[];
  nextCursor: string | null;
  totals: TipTotals;
}

/**
 * The channel's tips: filters (status, unread, starred, amount and date range, text), sorting,
 * totals of the whole filtered set, cursor pages ("load more"), the per-tip actions, and new tips
 * arriving live in place — no reload needed. `compact` is the overview's short list of recent
 * tips; `stream-id` limits it to one stream.
 */
export class TipFeed extends DashboardElement {
  static override properties = {
    compact: { type: Boolean },
    streamId: { attribute: 'stream-id' },
  };

  compact = false;
  streamId: string | undefined;

  private filter: TipFilter = { ...DEFAULT_FILTER };
  private options: TipFeedOptions = {};
  private problem: FilterProblem | null = null;
  /** Bumped by Reset: the form is rendered afresh with the default values. */
  private formKey = 0;
  /** The first page for the filter, with pages loaded since and tips that arrived live. */
  private readonly feed = new LiveResource<FeedState>(this, { live: { 'tip.updated': (tip) => this.arrived(tip) } });
  private loadingMore = false;
  private moreError: unknown = null;
  /** Bumped for each new filter: answers about an earlier one (more pages, totals) are dropped. */
  private generation = 0;
  /** Tips that arrived live since the list loaded, highlighted briefly. */
  private readonly fresh = new Set<string>();
  private readonly actions = new Actions(this);
  private readonly alerts = new AlertStates(this, () => this.app);
  private totalsTimer: ReturnType<typeof setTimeout> | undefined;
  private arrivals: TipFeedItem[] = [];
  private announceTimer: ReturnType<typeof setTimeout> | undefined;

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private get currency(): string {
    return this.app.channel?.currency ?? 'USD';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.apply(this.filter);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.totalsTimer);
    clearTimeout(this.announceTimer);
  }

  /** Loads the first page for `filter` (unless a field cannot be read: then it says which). */
  private apply(filter: TipFilter): void {
    this.filter = filter;
    const options = feedOptions(filter, this.currency, this.streamId);
    if (typeof options === 'string') {
      this.problem = options;
      this.requestUpdate();
      return;
    }
    this.problem = null;
    this.options = options;
    void this.loadFirst();
  }

  private loadFirst(): Promise<void> {
    this.generation++;
    this.fresh.clear();
    const options = { ...this.options, limit: this.compact ? 5 : PAGE_SIZE };
    return this.feed.load(async () => {
      const page = await this.app.client.tipFeed.list(this.slug, options);
      return { items: page.tips, nextCursor: page.nextCursor, totals: page.totals };
    });
  }

  private async loadMore(): Promise<void> {
    const feed = this.feed.value;
    if (!feed?.nextCursor || this.loadingMore) return;
    const generation = this.generation;
    this.loadingMore = true;
    this.moreError = null;
    this.requestUpdate();
    try {
      const page = await this.app.client.tipFeed.list(this.slug, { ...this.options, limit: PAGE_SIZE, cursor: feed.nextCursor });
      if (generation !== this.generation) return;
      // A tip that arrived live may also be on this page: keep one of each.
      const known = new Set(feed.items.map((tip) => tip.id));
      this.feed.set({
        items: [...feed.items, ...page.tips.filter((tip) => !known.has(tip.id))],
        nextCursor: page.nextCursor,
        totals: page.totals,
      });
    } catch (error) {
      this.moreError = error;
    } finally {
      this.loadingMore = false;
      this.requestUpdate();
    }
  }

  /** A tip changed or was paid (live event, or this dashboard's own action). */
  private arrived(tip: TipFeedItem): void {
    const feed = this.feed.value;
    if (!feed || this.feed.state !== 'ready') return;
    const known = feed.items.some((item) => item.id === tip.id);
    if (known) {
      feed.items = feed.items.map((item) => (item.id === tip.id ? tip : item));
    } else if (matches(tip, this.options)) {
      const items = upsertTip(feed.items, tip, this.options.sort ?? 'newest', feed.nextCursor === null);
      if (items) feed.items = this.compact ? items.slice(0, 5) : items;
      this.fresh.add(tip.id);
      this.announceArrival(tip);
    }
    this.requestUpdate();
    this.refreshTotalsSoon();
  }

  /** Totals cover the whole filtered set, which only the server can count: ask again once changes settle. */
  private refreshTotalsSoon(): void {
    clearTimeout(this.totalsTimer);
    const generation = this.generation;
    this.totalsTimer = setTimeout(() => {
      this.app.client.tipFeed.list(this.slug, { ...this.options, limit: 1 }).then(
        (page) => {
          if (generation !== this.generation || !this.feed.value) return;
          this.feed.value.totals = page.totals;
          this.requestUpdate();
        },
        () => {},
      );
    }, 300);
  }

  /** New tips are read out, but a burst becomes one announcement, not one each. */
  private announceArrival(tip: TipFeedItem): void {
    this.arrivals.push(tip);
    if (this.announceTimer) return;
    this.announceTimer = setTimeout(() => {
      const arrivals = this.arrivals;
      this.arrivals = [];
      this.announceTimer = undefined;
      const [first] = arrivals;
      if (arrivals.length === 1 && first) {
        this.app.announce(this.t('tips.newTip', { amount: this.app.money(first.amount, first.currency), name: first.displayName }));
      } else if (arrivals.length > 1) {
        this.app.announce(this.t('tips.newTips', { n: arrivals.length }));
      }
    }, 1500);
  }

  private async markAllRead(): Promise<void> {
    const unread = (this.feed.value?.items ?? []).filter((tip) => !tip.read).slice(0, 100);
    if (unread.length === 0) return;
    const done = await this.actions.run('markAll', async () => {
      await this.app.client.tipFeed.markRead(
        this.slug,
        unread.map((tip) => tip.id),
      );
      return true;
    });
    const feed = this.feed.value;
    if (done && feed) {
      const ids = new Set(unread.map((tip) => tip.id));
      feed.items = feed.items.map((tip) => (ids.has(tip.id) ? { ...tip, read: true } : tip));
      this.requestUpdate();
      this.refreshTotalsSoon();
    }
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.apply(filterFromForm(new FormData(event.currentTarget as HTMLFormElement)));
  }

  /** Selects and checkboxes apply at once; text fields on submit (Enter or the Apply button). */
  private onChange(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target instanceof HTMLSelectElement || target.type === 'checkbox' || target.type === 'date') {
      this.apply(filterFromForm(new FormData(event.currentTarget as HTMLFormElement)));
    }
  }

  private reset(): void {
    this.formKey++;
    this.apply({ ...DEFAULT_FILTER, sort: this.filter.sort });
  }

  protected override render() {
    return html`${this.compact ? nothing : this.renderFilters()}
      <div class="feed" aria-busy=${this.feed.loading ? 'true' : 'false'}>${this.renderBody()}</div>`;
  }

  private renderBody() {
    if (this.problem) return nothing;
    if (this.feed.state === 'error') return errorBox(this.feed.error, () => void this.loadFirst(), this.app);
    if (this.feed.loading || !this.feed.value) return loading(this.app);
    const { items, nextCursor, totals } = this.feed.value;
    return html`${this.compact ? nothing : this.renderTotals(totals)}
      ${
        items.length === 0
          ? empty(isDefaultFilter(this.filter) && !this.streamId ? this.t('tips.emptyAll') : this.t('tips.emptyFiltered'))
          : html`<ol class="tips" aria-label=${this.t('tips.listLabel')}>
            ${repeat(
              items,
              (tip) => tip.id,
              (tip) => html`<li>
                <tipchat-dash-tip
                  .tip=${tip}
                  .alert=${this.alerts.get(tip.id)}
                  ?compact=${this.compact}
                  ?fresh=${this.fresh.has(tip.id)}
                  @tipchat-dash-tip-changed=${(event: CustomEvent<{ tip: TipFeedItem }>) => this.arrived(event.detail.tip)}
                ></tipchat-dash-tip>
              </li>`,
            )}
          </ol>`
      }
      ${
        nextCursor && !this.compact
          ? html`<div class="actions center">
            <button type="button" class="btn" data-action="load-more" ?disabled=${this.loadingMore} @click=${this.loadMore}>
              ${this.loadingMore ? this.t('common.loading') : this.t('tips.loadMore')}
            </button>
          </div>`
          : nothing
      }
      ${errorBox(this.moreError)}`;
  }

  private renderTotals(totals: TipTotals) {
    const unread = this.feed.value?.items.some((tip) => !tip.read) ?? false;
    return html`<div class="totals" role="status" aria-live="off" data-count=${totals.count}>
      <strong>${this.t('tips.count', { n: totals.count })}</strong>
      ${totals.byCurrency.map(
        (row) => html`<span class="total" data-currency=${row.currency}>
          ${this.t('tips.gross')} ${this.app.money(row.amount, row.currency)} · ${this.t('tips.fee')} ${this.app.money(row.fee, row.currency)} ·
          ${this.t('tips.net')} <strong>${this.app.money(row.net, row.currency)}</strong>
          ${row.refunded > 0 ? html` · ${this.t('tips.refunded')} ${this.app.money(row.refunded, row.currency)}` : nothing}
        </span>`,
      )}
      <span class="spacer"></span>
      <button type="button" class="btn small" data-action="mark-all-read" ?disabled=${!unread || this.actions.busy('markAll')} @click=${this.markAllRead}>
        ${this.t('tips.markAllRead')}
      </button>
      ${errorBox(this.actions.error('markAll'))}
    </div>`;
  }

  private renderFilters() {
    const f = this.filter;
    const wide = typeof matchMedia === 'function' && matchMedia('(min-width: 760px)').matches;
    return html`<details class="filters card" ?open=${wide}>
      <summary>${this.t('tips.filters')}${isDefaultFilter(f) ? nothing : html` <span class="badge">${this.t('tips.filtered')}</span>`}</summary>
      ${keyed(
        this.formKey,
        html`<form @submit=${this.onSubmit} @change=${this.onChange} novalidate aria-label=${this.t('tips.filters')}>
        <div class="filter-grid">
          <div class="field">
            <label for="feed-sort">${this.t('tips.sort')}</label>
            <select id="feed-sort" name="sort">
              ${SORTS.map((sort) => html`<option value=${sort} ?selected=${f.sort === sort}>${this.t(`sort.${sort}`)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="feed-q">${this.t('tips.search')}</label>
            <input id="feed-q" name="q" type="search" .value=${f.q} maxlength="100" />
          </div>
          <div class="field">
            <label for="feed-read">${this.t('tips.readFilter')}</label>
            <select id="feed-read" name="read">
              <option value="any" ?selected=${f.read === 'any'}>${this.t('tips.any')}</option>
              <option value="unread" ?selected=${f.read === 'unread'}>${this.t('tips.onlyUnread')}</option>
              <option value="read" ?selected=${f.read === 'read'}>${this.t('tips.onlyRead')}</option>
            </select>
          </div>
          <div class="field">
            <label for="feed-starred">${this.t('tips.starFilter')}</label>
            <select id="feed-starred" name="starred">
              <option value="any" ?selected=${f.starred === 'any'}>${this.t('tips.any')}</option>
              <option value="starred" ?selected=${f.starred === 'starred'}>${this.t('tips.onlyStarred')}</option>
              <option value="unstarred" ?selected=${f.starred === 'unstarred'}>${this.t('tips.onlyUnstarred')}</option>
            </select>
          </div>
          <div class="field">
            <label for="feed-min">${this.t('tips.minAmount', { currency: this.currency })}</label>
            <input id="feed-min" name="minAmount" inputmode="decimal" .value=${f.minAmount} aria-invalid=${this.problem === 'minAmount' ? 'true' : 'false'} />
          </div>
          <div class="field">
            <label for="feed-max">${this.t('tips.maxAmount', { currency: this.currency })}</label>
            <input id="feed-max" name="maxAmount" inputmode="decimal" .value=${f.maxAmount} aria-invalid=${this.problem === 'maxAmount' ? 'true' : 'false'} />
          </div>
          <div class="field">
            <label for="feed-from">${this.t('tips.from')}</label>
            <input id="feed-from" name="from" type="date" .value=${f.from} />
          </div>
          <div class="field">
            <label for="feed-to">${this.t('tips.to')}</label>
            <input id="feed-to" name="to" type="date" .value=${f.to} />
          </div>
        </div>
        <fieldset class="statuses">
          <legend>${this.t('tips.status')}</legend>
          ${ALL_STATUSES.map(
            (status) =>
              html`<label class="check"><input type="checkbox" name="status" value=${status} ?checked=${f.statuses.includes(status)} />${this.t(`status.${status}`)}</label>`,
          )}
          <small>${this.t('tips.statusHint')}</small>
        </fieldset>
        <label class="check"><input type="checkbox" name="includeHidden" ?checked=${f.includeHidden} />${this.t('tips.includeHidden')}</label>
        ${this.problem ? html`<div class="error" role="alert"><p>${this.t('common.notAnAmount', { value: f[this.problem] })}</p></div>` : nothing}
        <div class="actions">
          <button type="submit" class="btn primary">${this.t('tips.apply')}</button>
          <button type="button" class="btn" data-action="reset-filters" @click=${this.reset}>${this.t('tips.reset')}</button>
        </div>
      </form>`,
      )}
    </details>`;
  }
}
