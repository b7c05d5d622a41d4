import { html, nothing } from 'lit';
import { errorBox, formValues, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** Sign in with email and password; afterwards the page that asked for it, or the overview. */
export class LoginView extends DashboardElement {
  private readonly actions = new Actions(this);
  /** Shown once (e.g. "your account is restricted"), then forgotten. */
  private flash = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.flash = this.app.flash;
    this.app.flash = '';
  }

  private async submit(event: Event): Promise<void> {
    const { email = '', password = '' } = formValues(event);
    await this.actions.run('login', () => this.app.signIn(email, password));
  }

  protected override render() {
    const { app } = this;
    const busy = this.actions.busy('login');
    return html`<section class="narrow card auth">
      <h1 tabindex="-1">${this.t('login.title')}</h1>
      ${this.flash ? html`<p class="notice" role="status">${this.flash}</p>` : nothing}
      <form @submit=${this.submit} novalidate>
        <div class="field">
          <label for="login-email">${this.t('common.email')}</label>
          <input id="login-email" name="email" type="email" autocomplete="username" required />
        </div>
        <div class="field">
          <label for="login-password">${this.t('common.password')}</label>
          <input id="login-password" name="password" type="password" autocomplete="current-password" required />
        </div>
        ${errorBox(this.actions.error('login'))}
        <div class="actions">${submit(this.t('login.submit'), busy, this.t('login.busy'))}</div>
      </form>
      <ul class="links">
        <li><a href=${app.path('register')}>${this.t('login.toRegister')}</a></li>
        <li><a href=${app.path('forgot-password')}>${this.t('login.toForgot')}</a></li>
        <li><a href=${app.path('resend-email')}>${this.t('login.toResend')}</a></li>
      </ul>
    </section>`;
  }
}
