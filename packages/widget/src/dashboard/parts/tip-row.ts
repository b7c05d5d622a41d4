import { html, nothing } from 'lit';
import { formatDateTime, majorText, parseAmount } from '../format';
import type { AlertStatusName } from '../live-alerts';
import type { TipFeedItem } from '../sdk';
import { cssVars, errorBox } from '../ui';
import { Actions, DashboardElement } from '../view';

/** Statuses a refund can still start from. */
const REFUNDABLE = new Set(['succeeded', 'partially_refunded']);

declare global {
  interface HTMLElementEventMap {
    /** A row changed its tip (marked, refunded): the list keeps the new version. */
    'tipchat-dash-tip-changed': CustomEvent<{ tip: TipFeedItem }>;
  }
}

/**
 * One tip in the feed: amount in its tier's colour, tipper, message (held ones too, marked so),
 * money after fees and refunds, and the streamer's actions — read, star, hide, replay or skip its
 * alert, refund. Every action's failure shows the server's message under the row.
 */
export class TipRow extends DashboardElement {
  static override properties = {
    tip: { attribute: false },
    alert: { attribute: false },
    compact: { type: Boolean },
    fresh: { type: Boolean },
  };

  tip!: TipFeedItem;
  alert: AlertStatusName | undefined;
  compact = false;
  fresh = false;
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private changed(tip: TipFeedItem): void {
    this.dispatchEvent(new CustomEvent('tipchat-dash-tip-changed', { detail: { tip }, bubbles: true }));
  }

  private async mark(key: 'read' | 'starred' | 'hidden'): Promise<void> {
    const tip = await this.actions.run('mark', () => this.app.client.tipFeed.mark(this.slug, this.tip.id, { [key]: !this.tip[key] }));
    if (tip) this.changed(tip);
  }

  private async alertAction(kind: 'replay' | 'skip'): Promise<void> {
    await this.actions.run('alert', () =>
      kind === 'replay' ? this.app.client.alerts.replay(this.slug, this.tip.id) : this.app.client.alerts.skip(this.slug, this.tip.id),
    );
    if (this.actions.done('alert')) this.app.announce(kind === 'replay' ? this.t('tips.replayed') : this.t('tips.skipped'));
  }

  private async refund(): Promise<void> {
    const { app, tip } = this;
    const refundable = tip.amount - tip.refundedAmount - tip.disputedAmount;
    await app.dialog({
      title: this.t('tips.refundTitle', { amount: app.money(tip.amount, tip.currency), name: tip.displayName }),
      message: this.t('tips.refundConfirm'),
      danger: true,
      confirmLabel: this.t('tips.refund'),
      fields: [
        {
          name: 'amount',
          label: this.t('tips.refundAmount', { currency: tip.currency }),
          value: majorText(refundable, tip.currency),
          hint: this.t('tips.refundAmountHint', { amount: app.money(refundable, tip.currency) }),
        },
        { name: 'reason', label: this.t('tips.refundReason') },
      ],
      run: async ({ amount = '', reason = '' }) => {
        const minor = amount.trim() === '' ? undefined : parseAmount(amount, tip.currency);
        if (minor === null) throw new Error(this.t('common.notAnAmount', { value: amount }));
        const refunded = await app.client.tips.refund(this.slug, tip.id, minor === undefined ? { reason } : { amount: minor, reason });
        this.changed(refunded);
        app.announce(this.t('tips.refundStarted'));
      },
    });
  }

  /** Bans the chat identity the tip came from (its viewer); a tip sent without one has nobody to ban. */
  private async ban(): Promise<void> {
    const { app, tip } = this;
    const viewerId = tip.viewerId;
    if (!viewerId) return;
    const name = tip.displayName;
    await app.dialog({
      title: this.t('chat.banTitle', { name }),
      message: this.t('chat.banConfirm'),
      danger: true,
      confirmLabel: this.t('chat.ban'),
      fields: [{ name: 'reason', label: this.t('chat.reason') }],
      run: async ({ reason = '' }) => {
        await app.client.moderation.ban(this.slug, { viewerId, ...(reason.trim() ? { reason: reason.trim() } : {}) });
        app.announce(this.t('chat.banned', { name }));
      },
    });
  }

  protected override render() {
    const { tip, app } = this;
    if (!tip) return nothing;
    const money = (minor: number) => app.money(minor, tip.currency);
    const refundedTotal = tip.refundedAmount + tip.disputedAmount;
    return html`<article
      class="tip ${tip.read ? 'read' : 'unread'} ${tip.hidden ? 'is-hidden' : ''} ${this.fresh ? 'fresh' : ''}"
      data-tip-id=${tip.id}
      data-status=${tip.status}
      data-read=${String(tip.read)}
      data-starred=${String(tip.starred)}
      aria-labelledby="tip-${tip.id}-head"
    >
      <div class="tip-head" id="tip-${tip.id}-head">
        <span class="amount" .style=${cssVars({ '--tier': tip.tier.color })}>${money(tip.amount)}</span>
        <strong class="tipper">${tip.displayName}</strong>
        ${tip.read ? nothing : html`<span class="badge unread">${this.t('tips.unreadBadge')}</span>`}
        ${tip.starred ? html`<span class="badge star" title=${this.t('tips.starred')}><span aria-hidden="true">★</span><span class="visually-hidden">${this.t('tips.starred')}</span></span>` : nothing}
        ${tip.status === 'succeeded' ? nothing : html`<span class="badge status" data-status=${tip.status}>${this.t(`status.${tip.status}`)}</span>`}
        ${tip.hidden ? html`<span class="badge">${this.t('tips.hiddenBadge')}</span>` : nothing}
        <time datetime=${tip.createdAt}>${formatDateTime(tip.createdAt, app.locale)}</time>
      </div>
      ${tip.fullMessage ? html`<p class="tip-message">${tip.fullMessage}${tip.messageHeld ? html` <span class="badge warn">${this.t('tips.held')}</span>` : nothing}</p>` : nothing}
      ${
        this.compact
          ? nothing
          : html`<p class="tip-money">
            ${this.t('tips.net')} ${money(tip.net)} · ${this.t('tips.fee')} ${money(tip.fee)}
            ${refundedTotal > 0 ? html` · ${this.t('tips.refunded')} ${money(refundedTotal)}` : nothing}
            ${tip.failureReason ? html` · ${tip.failureReason}` : nothing}
            ${this.alert ? html` · <span class="alert-state" data-alert=${this.alert}>${this.t(`alerts.${this.alert}`)}</span>` : nothing}
          </p>`
      }
      ${this.compact ? nothing : this.renderActions()}
      ${errorBox(this.actions.error('mark') ?? this.actions.error('alert'))}
    </article>`;
  }

  private renderActions() {
    const { tip } = this;
    const marking = this.actions.busy('mark');
    const alerting = this.actions.busy('alert');
    const paid = tip.status !== 'pending' && tip.status !== 'failed';
    return html`<div class="tip-actions" role="group" aria-label=${this.t('tips.actionsFor', { name: tip.displayName })}>
      <button type="button" class="btn small" data-action="read" ?disabled=${marking} @click=${() => this.mark('read')}>
        ${tip.read ? this.t('tips.markUnread') : this.t('tips.markRead')}
      </button>
      <button type="button" class="btn small" data-action="star" aria-pressed=${String(tip.starred)} ?disabled=${marking} @click=${() => this.mark('starred')}>
        ${tip.starred ? this.t('tips.unstar') : this.t('tips.star')}
      </button>
      <button type="button" class="btn small" data-action="hide" ?disabled=${marking} @click=${() => this.mark('hidden')}>
        ${tip.hidden ? this.t('tips.unhide') : this.t('tips.hide')}
      </button>
      ${
        paid && this.alert === 'queued'
          ? html`<button type="button" class="btn small" data-action="skip-alert" ?disabled=${alerting} @click=${() => this.alertAction('skip')}>${this.t('tips.skipAlert')}</button>`
          : paid
            ? html`<button type="button" class="btn small" data-action="replay-alert" ?disabled=${alerting} @click=${() => this.alertAction('replay')}>${this.t('tips.replayAlert')}</button>`
            : nothing
      }
      ${REFUNDABLE.has(tip.status) ? html`<button type="button" class="btn small danger-outline" data-action="refund" @click=${this.refund}>${this.t('tips.refund')}</button>` : nothing}
      ${
        tip.viewerId
          ? html`<button type="button" class="btn small danger-outline" data-action="ban-tipper" @click=${this.ban}>${this.t('tips.banTipper')}</button>`
          : html`<small class="muted" data-no-viewer>${this.t('tips.noViewerToBan')}</small>`
      }
    </div>`;
  }
}
