import { html, nothing } from 'lit';
import { errorBox, formValues, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** Mails a new confirmation link. The answer never says whether the address has an account. */
export class ResendView extends DashboardElement {
  private readonly actions = new Actions(this);

  private async submit(event: Event): Promise<void> {
    const { email = '' } = formValues(event);
    await this.actions.run('resend', () => this.app.client.auth.resendVerification(email));
  }

  protected override render() {
    return html`<section class="narrow card auth">
      <h1 tabindex="-1">${this.t('resend.title')}</h1>
      <p>${this.t('resend.intro')}</p>
      <form @submit=${this.submit} novalidate>
        <div class="field">
          <label for="resend-email">${this.t('common.email')}</label>
          <input id="resend-email" name="email" type="email" autocomplete="email" required .value=${this.app.user?.email ?? ''} />
        </div>
        ${errorBox(this.actions.error('resend'))}
        ${this.actions.done('resend') ? html`<p class="success" role="status">${this.t('resend.done')}</p>` : nothing}
        <div class="actions">${submit(this.t('resend.submit'), this.actions.busy('resend'), this.t('common.working'))}</div>
      </form>
      <ul class="links"><li><a href=${this.app.path('login')}>${this.t('register.toLogin')}</a></li></ul>
    </section>`;
  }
}
