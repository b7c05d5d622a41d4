import { html } from 'lit';
import { LiveResource } from '../live-resource';
import type { Moderator } from '../sdk';
import { errorBox, formValues, loaded, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** The channel's moderators: appoint an existing account by email, remove one. */
export class ModModerators extends DashboardElement {
  private readonly moderators = new LiveResource<Moderator[]>(this, {
    load: () => this.app.client.moderation.listModerators(this.slug),
    reloadOn: ['moderation.changed'],
  });
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async add(event: Event): Promise<void> {
    const form = event.currentTarget as HTMLFormElement;
    const { email = '' } = formValues(event);
    const moderator = await this.actions.run('add', () => this.app.client.moderation.addModerator(this.slug, email));
    if (moderator) {
      form.reset();
      this.moderators.set([...(this.moderators.value ?? []).filter((m) => m.userId !== moderator.userId), moderator]);
    }
  }

  private async removeModerator(moderator: Moderator): Promise<void> {
    await this.app.dialog({
      title: this.t('mod.removeModTitle', { name: moderator.displayName }),
      message: this.t('mod.removeModConfirm'),
      danger: true,
      confirmLabel: this.t('common.remove'),
      run: async () => {
        await this.app.client.moderation.removeModerator(this.slug, moderator.userId);
        this.moderators.set((this.moderators.value ?? []).filter((m) => m.userId !== moderator.userId));
      },
    });
  }

  protected override render() {
    return html`${loaded(
      this.app,
      this.moderators,
      (moderators) => html`<ul class="list">
        ${moderators.map(
          (m) => html`<li data-moderator=${m.email}>
            <div><strong>${m.displayName}</strong> <span class="muted">${m.email}</span></div>
            <button type="button" class="btn small danger-outline" data-action="remove-moderator" @click=${() => this.removeModerator(m)}>${this.t('common.remove')}</button>
          </li>`,
        )}
      </ul>`,
      { isEmpty: (m) => m.length === 0, emptyText: this.t('mod.noModerators') },
    )}
      <form class="inline-form" @submit=${this.add} novalidate>
        <div class="field grow">
          <label for="mod-email">${this.t('mod.addModerator')}</label>
          <input id="mod-email" name="email" type="email" autocomplete="off" required aria-describedby="mod-email-hint" />
          <small id="mod-email-hint">${this.t('mod.addModeratorHint')}</small>
        </div>
        ${submit(this.t('common.add'), this.actions.busy('add'), this.t('common.working'))}
      </form>
      ${errorBox(this.actions.error('add'))}`;
  }
}
