import { html } from 'lit';
import { formatDateTime } from '../format';
import type { AdminAuditEntry } from '../sdk';
import { loaded } from '../ui';
import { DashboardElement, Loader } from '../view';

/** What admins did (restrictions, fee changes, refunds), newest first, with the reason each gave. */
export class AdminAudit extends DashboardElement {
  private readonly log = new Loader<AdminAuditEntry[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.log.load(async () => (await this.app.client.admin.auditLog({ limit: 100 })).entries);
  }

  protected override render() {
    const locale = this.app.locale;
    return loaded(
      this.app,
      this.log,
      (entries) => html`<ol class="list admin-audit">
        ${entries.map(
          (entry) => html`<li data-action=${entry.action}>
            <div>
              <strong>${entry.action}</strong>
              <span class="muted">${entry.targetType} ${entry.targetId ?? ''} · ${entry.actorEmail ?? ''} · ${formatDateTime(entry.createdAt, locale)}</span>
              <div>${entry.reason}</div>
            </div>
          </li>`,
        )}
      </ol>`,
      { isEmpty: (entries) => entries.length === 0, emptyText: this.t('admin.noAudit') },
    );
  }
}
