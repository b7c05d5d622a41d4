import { html, nothing } from 'lit';
import { formatDate } from '../format';
import { errorBox, formValues, saved, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** The account: display name, password, email confirmation, and restricting (deactivating) the account. */
export class ProfileView extends DashboardElement {
  private readonly actions = new Actions(this);

  private async saveName(event: Event): Promise<void> {
    const { displayName = '' } = formValues(event);
    await this.actions.run('name', async () => {
      this.app.user = await this.app.client.user.update({ displayName });
      this.app.changed();
    });
  }

  private async changePassword(event: Event): Promise<void> {
    const form = event.currentTarget as HTMLFormElement;
    const { currentPassword = '', newPassword = '' } = formValues(event);
    const done = await this.actions.run('password', async () => {
      await this.app.client.user.changePassword({ currentPassword, newPassword });
      return true;
    });
    if (done) form.reset();
  }

  private async resend(): Promise<void> {
    const email = this.app.user?.email;
    if (email) await this.actions.run('resend', () => this.app.client.auth.resendVerification(email));
  }

  private async restrict(): Promise<void> {
    const { app } = this;
    await app.dialog({
      title: this.t('profile.restrictTitle'),
      message: this.t('profile.restrictConfirm'),
      danger: true,
      confirmLabel: this.t('profile.restrictSubmit'),
      fields: [
        { name: 'password', label: this.t('profile.restrictPassword'), type: 'password', required: true, autocomplete: 'current-password' },
      ],
      run: async ({ password = '' }) => {
        await app.client.user.restrictAccount({ password });
        app.restricted(this.t('profile.restricted'));
      },
    });
  }

  protected override render() {
    const user = this.app.user;
    if (!user) return nothing;
    return html`<section class="page">
      <h1 tabindex="-1">${this.t('profile.title')}</h1>
      <div class="grid two">
        <div class="card">
          <h2>${this.t('profile.account')}</h2>
          <dl class="facts">
            <dt>${this.t('common.email')}</dt>
            <dd>${user.email}</dd>
            <dt>${this.t('profile.emailStatus')}</dt>
            <dd>
              <span class="badge ${user.emailVerified ? 'ok' : 'warn'}" data-verified=${String(user.emailVerified)}
                >${user.emailVerified ? this.t('profile.verified') : this.t('profile.unverified')}</span
              >
            </dd>
            <dt>${this.t('profile.memberSince')}</dt>
            <dd>${formatDate(user.createdAt, this.app.locale)}</dd>
          </dl>
          ${
            user.emailVerified
              ? nothing
              : html`<button type="button" class="btn" ?disabled=${this.actions.busy('resend')} @click=${this.resend}>${this.t('resend.submit')}</button>
                ${this.actions.done('resend') ? html`<p class="success" role="status">${this.t('resend.done')}</p>` : nothing}
                ${errorBox(this.actions.error('resend'))}`
          }
        </div>
        <form class="card" @submit=${this.saveName} novalidate>
          <h2>${this.t('common.displayName')}</h2>
          <div class="field">
            <label for="profile-name">${this.t('common.displayName')}</label>
            <input id="profile-name" name="displayName" .value=${user.displayName} maxlength="64" required autocomplete="nickname" />
          </div>
          ${errorBox(this.actions.error('name'))}
          <div class="actions">
            ${submit(this.t('common.save'), this.actions.busy('name'), this.t('common.saving'))}
            ${saved(this.actions.done('name'), this.t('common.saved'))}
          </div>
        </form>
        <form class="card" @submit=${this.changePassword} novalidate>
          <h2>${this.t('profile.passwordTitle')}</h2>
          <p class="muted">${this.t('profile.passwordIntro')}</p>
          <div class="field">
            <label for="profile-current">${this.t('profile.currentPassword')}</label>
            <input id="profile-current" name="currentPassword" type="password" autocomplete="current-password" required />
          </div>
          <div class="field">
            <label for="profile-new">${this.t('reset.newPassword')}</label>
            <input id="profile-new" name="newPassword" type="password" autocomplete="new-password" required aria-describedby="profile-new-hint" />
            <small id="profile-new-hint">${this.t('common.passwordHint')}</small>
          </div>
          ${errorBox(this.actions.error('password'))}
          <div class="actions">
            ${submit(this.t('profile.passwordSubmit'), this.actions.busy('password'), this.t('common.saving'))}
            ${saved(this.actions.done('password'), this.t('profile.passwordChanged'))}
          </div>
        </form>
        <div class="card danger-zone">
          <h2>${this.t('profile.restrictTitle')}</h2>
          <p class="muted">${this.t('profile.restrictIntro')}</p>
          <button type="button" class="btn danger" data-action="restrict" @click=${this.restrict}>${this.t('profile.restrictSubmit')}</button>
        </div>
      </div>
    </section>`;
  }
}
