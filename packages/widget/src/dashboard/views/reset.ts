import { html, nothing } from 'lit';
import { errorBox, formValues, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** Chooses a new password with the token from the mailed link (`?token=`); every session is signed out. */
export class ResetView extends DashboardElement {
  private readonly actions = new Actions(this);
  private readonly token = new URLSearchParams(location.search).get('token') ?? '';
  private mismatch = false;

  private async submit(event: Event): Promise<void> {
    const { password = '', confirm = '' } = formValues(event);
    this.mismatch = password !== confirm;
    this.requestUpdate();
    if (this.mismatch) return;
    const done = await this.actions.run('reset', async () => {
      await this.app.client.auth.resetPassword({ token: this.token, password });
      return true;
    });
    // The token is spent: keep it out of the address bar and history.
    if (done) history.replaceState(null, '', this.app.path('reset-password'));
  }

  protected override render() {
    const { app } = this;
    if (this.actions.done('reset')) {
      return html`<section class="narrow card auth">
        <h1 tabindex="-1">${this.t('reset.title')}</h1>
        <p class="success" role="status">${this.t('reset.done')}</p>
        <ul class="links"><li><a href=${app.path('login')}>${this.t('verify.toLogin')}</a></li></ul>
      </section>`;
    }
    if (!this.token) {
      return html`<section class="narrow card auth">
        <h1 tabindex="-1">${this.t('reset.title')}</h1>
        <div class="error" role="alert"><p>${this.t('reset.noToken')}</p></div>
        <ul class="links"><li><a href=${app.path('forgot-password')}>${this.t('login.toForgot')}</a></li></ul>
      </section>`;
    }
    return html`<section class="narrow card auth">
      <h1 tabindex="-1">${this.t('reset.title')}</h1>
      <form @submit=${this.submit} novalidate>
        <div class="field">
          <label for="reset-password">${this.t('reset.newPassword')}</label>
          <input id="reset-password" name="password" type="password" autocomplete="new-password" required aria-describedby="reset-hint" />
          <small id="reset-hint">${this.t('common.passwordHint')}</small>
        </div>
        <div class="field">
          <label for="reset-confirm">${this.t('reset.confirm')}</label>
          <input id="reset-confirm" name="confirm" type="password" autocomplete="new-password" required />
        </div>
        ${this.mismatch ? html`<div class="error" role="alert"><p>${this.t('reset.mismatch')}</p></div>` : nothing}
        ${errorBox(this.actions.error('reset'))}
        <div class="actions">${submit(this.t('reset.submit'), this.actions.busy('reset'), this.t('common.working'))}</div>
      </form>
    </section>`;
  }
}
