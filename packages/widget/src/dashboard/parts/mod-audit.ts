import { html, nothing } from 'lit';
import { formatDateTime } from '../format';
import { LiveResource } from '../live-resource';
import type { AuditEntry } from '../sdk';
import { errorBox, loaded } from '../ui';
import { Actions, DashboardElement } from '../view';

interface AuditState {
  entries: AuditEntry[];
  nextCursor: number | null;
}

/** Who did what in the chat, newest first, with older pages on demand; new entries appear as they happen. */
export class ModAudit extends DashboardElement {
  private readonly log = new LiveResource<AuditState>(this, {
    load: () => this.app.client.moderation.auditLog(this.slug, { limit: 30 }),
    live: {
      'moderation.changed': () => this.refresh(),
      'viewer.banned': () => this.refresh(),
      'viewer.unbanned': () => this.refresh(),
      'chat.settings_updated': () => this.refresh(),
      'chat.message_deleted': () => this.refresh(),
      'chat.pinned': () => this.refresh(),
      'chat.cleared': () => this.refresh(),
    },
  });
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  /** Newer entries only: a reload of the first page, keeping older pages already shown. */
  private refresh(): void {
    this.app.client.moderation.auditLog(this.slug, { limit: 30 }).then(
      (first) => {
        const current = this.log.value;
        if (!current) return this.log.set(first);
        const known = new Set(current.entries.map((e) => e.id));
        this.log.set({ ...current, entries: [...first.entries.filter((e) => !known.has(e.id)), ...current.entries] });
      },
      () => {},
    );
  }

  private async older(): Promise<void> {
    const current = this.log.value;
    if (!current?.nextCursor) return;
    const page = await this.actions.run('older', () =>
      this.app.client.moderation.auditLog(this.slug, { before: current.nextCursor ?? undefined, limit: 30 }),
    );
    if (page) this.log.set({ entries: [...current.entries, ...page.entries], nextCursor: page.nextCursor });
  }

  protected override render() {
    const locale = this.app.locale;
    return loaded(
      this.app,
      this.log,
      ({ entries, nextCursor }) => html`<ol class="list audit">
          ${entries.map(
            (entry) => html`<li data-action=${entry.action}>
              <div>
                <strong>${this.t(`audit.${entry.action}`)}</strong>
                <span class="muted">${this.t('audit.by', { name: entry.actor.displayName })} · ${formatDateTime(entry.createdAt, locale)}</span>
                ${this.details(entry)}
              </div>
            </li>`,
          )}
        </ol>
        ${nextCursor ? html`<button type="button" class="btn small" ?disabled=${this.actions.busy('older')} @click=${this.older}>${this.t('chat.older')}</button>` : nothing}
        ${errorBox(this.actions.error('older'))}`,
      { isEmpty: (log) => log.entries.length === 0, emptyText: this.t('mod.noAudit') },
    );
  }

  /** The entry's details as "key: value" text; values that are not plain are shown as JSON text. */
  private details(entry: AuditEntry) {
    const pairs = Object.entries(entry.details).filter(([, value]) => value !== null && value !== undefined && value !== '');
    if (pairs.length === 0) return nothing;
    return html`<dl class="details">
      ${pairs.map(([key, value]) => html`<dt>${key}</dt><dd>${typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value)}</dd>`)}
    </dl>`;
  }
}
