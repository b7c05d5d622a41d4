import { html, nothing } from 'lit';
import { formatDateTime } from '../format';
import { LiveResource } from '../live-resource';
import type { Ban } from '../sdk';
import { errorBox, loaded } from '../ui';
import { Actions, DashboardElement } from '../view';

/** Banned and timed-out viewers, with unban; kept current by the ban events. */
export class ModBans extends DashboardElement {
  private readonly bans = new LiveResource<Ban[]>(this, {
    load: () => this.app.client.moderation.listBans(this.slug),
    reloadOn: ['viewer.banned', 'viewer.unbanned'],
  });
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async unban(ban: Ban): Promise<void> {
    await this.actions.run(ban.id, () => this.app.client.moderation.unban(this.slug, ban.id));
    if (this.actions.done(ban.id) && this.bans.value) {
      this.bans.set(this.bans.value.filter((b) => b.id !== ban.id));
      this.app.announce(this.t('mod.unbanned', { name: ban.displayName }));
    }
  }

  protected override render() {
    const locale = this.app.locale;
    return loaded(
      this.app,
      this.bans,
      (bans) => html`<ul class="list bans">
        ${bans.map(
          (ban) => html`<li data-ban-id=${ban.id} data-name=${ban.displayName}>
            <div>
              <strong>${ban.displayName}</strong>
              <span class="badge ${ban.expiresAt ? 'warn' : 'danger'}">${ban.expiresAt ? this.t('mod.until', { time: formatDateTime(ban.expiresAt, locale) }) : this.t('mod.permanent')}</span>
              ${ban.reason ? html`<p class="muted">${ban.reason}</p>` : nothing}
              <small class="muted">${formatDateTime(ban.createdAt, locale)}</small>
            </div>
            <button type="button" class="btn small" data-action="unban" ?disabled=${this.actions.busy(ban.id)} @click=${() => this.unban(ban)}>${this.t('mod.unban')}</button>
            ${errorBox(this.actions.error(ban.id))}
          </li>`,
        )}
      </ul>`,
      { isEmpty: (bans) => bans.length === 0, emptyText: this.t('mod.noBans') },
    );
  }
}
