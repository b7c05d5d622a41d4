import { html } from 'lit';
import { errorBox, formValues, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/**
 * Create an account (with the `?invite=` of an operator's invite link, when the server needs one). The server answers
 * the same for a new and a registered address, and the SDK signs in next: a new streamer lands signed in (the
 * confirmation link is on its way); otherwise a neutral "check your mail" that does not say whether the address has
 * an account.
 */
export class RegisterView extends DashboardElement {
  private readonly actions = new Actions(this);
  private registeredEmail = '';

  private async submit(event: Event): Promise<void> {
    const { displayName = '', email = '', password = '' } = formValues(event);
    const invite = this.app.route.query.get('invite') ?? undefined;
    const outcome = await this.actions.run('register', () => this.app.client.auth.register({ displayName, email, password, invite }));
    if (outcome?.status === 'signed-in') await this.app.adopt(outcome.session);
    else if (outcome) {
      this.registeredEmail = email.trim();
      this.requestUpdate();
    }
  }

  protected override render() {
    const { app } = this;
    if (this.registeredEmail) {
      return html`<section class="narrow card auth">
        <h1 tabindex="-1">${this.t('register.doneTitle')}</h1>
        <p role="status">${this.t('register.done', { email: this.registeredEmail })}</p>
        <ul class="links">
          <li><a href=${app.path('login')}>${this.t('register.toLogin')}</a></li>
          <li><a href=${app.path('resend-email')}>${this.t('login.toResend')}</a></li>
        </ul>
      </section>`;
    }
    return html`<section class="narrow card auth">
      <h1 tabindex="-1">${this.t('register.title')}</h1>
      <form @submit=${this.submit} novalidate>
        <div class="field">
          <label for="register-name">${this.t('common.displayName')}</label>
          <input id="register-name" name="displayName" autocomplete="nickname" required maxlength="64" />
        </div>
        <div class="field">
          <label for="register-email">${this.t('common.email')}</label>
          <input id="register-email" name="email" type="email" autocomplete="email" required />
        </div>
        <div class="field">
          <label for="register-password">${this.t('common.password')}</label>
          <input id="register-password" name="password" type="password" autocomplete="new-password" required aria-describedby="register-password-hint" />
          <small id="register-password-hint">${this.t('common.passwordHint')}</small>
        </div>
        ${errorBox(this.actions.error('register'))}
        <div class="actions">${submit(this.t('register.submit'), this.actions.busy('register'), this.t('common.working'))}</div>
      </form>
      <ul class="links"><li><a href=${app.path('login')}>${this.t('register.toLogin')}</a></li></ul>
    </section>`;
  }
}
