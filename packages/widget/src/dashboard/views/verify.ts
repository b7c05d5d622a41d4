import { html, nothing } from 'lit';
import { errorBox, loading } from '../ui';
import { DashboardElement, Loader } from '../view';

/** Confirms the email address with the token from the mailed link (`?token=`). */
export class VerifyView extends DashboardElement {
  private readonly result = new Loader<{ email: string }>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    const token = this.app.route.query.get('token');
    if (!token) return;
    void this.result.load(async () => {
      const verified = await this.app.client.auth.verifyEmail(token);
      // The token is spent: keep it out of the address bar and history.
      history.replaceState(null, '', this.app.path('verify'));
      if (this.app.auth === 'signed-in') await this.app.refreshUser();
      return verified;
    });
  }

  protected override render() {
    const { app } = this;
    const signedIn = app.auth === 'signed-in';
    const next = html`<ul class="links">
      <li><a href=${signedIn ? app.path('overview') : app.path('login')}>${signedIn ? this.t('verify.toDashboard') : this.t('verify.toLogin')}</a></li>
    </ul>`;
    let body: unknown;
    if (this.result.state === 'idle') body = html`<div class="error" role="alert"><p>${this.t('verify.noToken')}</p></div>`;
    else if (this.result.state === 'loading') body = loading(app);
    else if (this.result.state === 'error') body = errorBox(this.result.error);
    else body = html`<p class="success" role="status">${this.t('verify.done', { email: this.result.value?.email ?? '' })}</p>`;
    return html`<section class="narrow card auth">
      <h1 tabindex="-1">${this.t('verify.title')}</h1>
      ${body}
      ${this.result.state === 'ready' ? next : nothing}
      ${this.result.state === 'error' || this.result.state === 'idle' ? html`<ul class="links"><li><a href=${app.path('resend-email')}>${this.t('login.toResend')}</a></li></ul>` : nothing}
    </section>`;
  }
}
