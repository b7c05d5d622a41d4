import { html, nothing } from 'lit';
import { errorBox, formValues, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** Mails a password reset link. The answer never says whether the address has an account. */
export class ForgotView extends DashboardElement {
  private readonly actions = new Actions(this);

  private async submit(event: Event): Promise<void> {
    const { email = '' } = formValues(event);
    await this.actions.run('forgot', () => this.app.client.auth.forgotPassword(email));
  }

  protected override render() {
    return html`<section class="narrow card auth">
      <h1 tabindex="-1">${this.t('forgot.title')}</h1>
      <p>${this.t('forgot.intro')}</p>
      <form @submit=${this.submit} novalidate>
        <div class="field">
          <label for="forgot-email">${this.t('common.email')}</label>
          <input id="forgot-email" name="email" type="email" autocomplete="email" required />
        </div>
        ${errorBox(this.actions.error('forgot'))}
        ${this.actions.done('forgot') ? html`<p class="success" role="status">${this.t('forgot.done')}</p>` : nothing}
        <div class="actions">${submit(this.t('forgot.submit'), this.actions.busy('forgot'), this.t('common.working'))}</div>
      </form>
      <ul class="links"><li><a href=${this.app.path('login')}>${this.t('register.toLogin')}</a></li></ul>
    </section>`;
  }
}
