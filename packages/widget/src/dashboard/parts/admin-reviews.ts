import { html } from 'lit';
import { formatDateTime } from '../format';
import type { ProviderEventReview } from '../sdk';
import { loaded } from '../ui';
import { DashboardElement, Loader } from '../view';

/**
 * The review queue: provider events refused or flagged (a test-mode event on a live server, an overpayment, a dispute
 * larger than the tip…), open or resolved, each with what it means; resolving one asks what was done about it.
 */
export class AdminReviews extends DashboardElement {
  private readonly reviews = new Loader<ProviderEventReview[]>(this);
  private status: 'open' | 'resolved' = 'open';

  override connectedCallback(): void {
    super.connectedCallback();
    this.load();
  }

  private load(): void {
    const status = this.status;
    void this.reviews.load(async () => (await this.app.client.admin.providerEvents({ status, limit: 100 })).reviews);
  }

  private show(status: 'open' | 'resolved'): void {
    this.status = status;
    this.load();
  }

  private async resolve(review: ProviderEventReview): Promise<void> {
    const { app } = this;
    const done = await app.dialog({
      title: this.t('admin.resolveTitle'),
      message: `${this.t(`admin.reason.${review.reason}`)} · ${review.provider} ${review.providerType}`,
      confirmLabel: this.t('admin.resolve'),
      fields: [{ name: 'note', label: this.t('admin.resolveNote'), required: true }],
      run: async ({ note = '' }) => {
        await app.client.admin.resolveProviderEvent(review.id, { note });
      },
    });
    if (done) {
      app.announce(this.t('admin.resolved'));
      this.load();
    }
  }

  protected override render() {
    const locale = this.app.locale;
    return html`<p class="inline">
        <label><input type="radio" name="review-status" ?checked=${this.status === 'open'} @change=${() => this.show('open')} /> ${this.t('admin.open')}</label>
        <label><input type="radio" name="review-status" ?checked=${this.status === 'resolved'} @change=${() => this.show('resolved')} /> ${this.t('admin.resolvedList')}</label>
      </p>
      ${loaded(
        this.app,
        this.reviews,
        (reviews) => html`<ol class="list reviews">
          ${reviews.map(
            (review) => html`<li data-review=${review.id} data-reason=${review.reason}>
              <div>
                <strong>${this.t(`admin.reason.${review.reason}`)}</strong>
                <span class="muted">${review.provider} · ${review.providerType} · ${review.paymentId} · ${formatDateTime(review.createdAt, locale)}</span>
                ${review.tipId ? html`<div class="muted">${this.t('admin.tipId')} <code>${review.tipId}</code></div>` : ''}
                <dl class="details">
                  ${Object.entries(review.details).map(([key, value]) => html`<dt>${key}</dt><dd>${typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>`)}
                </dl>
                ${review.note ? html`<p>${this.t('admin.resolvedWith')} ${review.note}</p>` : ''}
              </div>
              ${review.resolvedAt ? '' : html`<button type="button" class="btn small" data-action="resolve" @click=${() => void this.resolve(review)}>${this.t('admin.resolve')}</button>`}
            </li>`,
          )}
        </ol>`,
        {
          isEmpty: (reviews) => reviews.length === 0,
          emptyText: this.t(this.status === 'open' ? 'admin.noOpenReviews' : 'admin.noResolvedReviews'),
        },
      )}`;
  }
}
