import { html, nothing } from 'lit';
import { CURRENCIES, type CurrencyCode } from '../sdk';
import { errorBox, formValues, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

const CURRENCY_CODES = Object.keys(CURRENCIES) as CurrencyCode[];

/** The account has no channel yet: create it (slug, name, currency). Needs a confirmed email. */
export class SetupView extends DashboardElement {
  private readonly actions = new Actions(this);

  private async submit(event: Event): Promise<void> {
    const { slug = '', displayName = '', currency = 'USD' } = formValues(event);
    const channel = await this.actions.run('create', () =>
      this.app.client.channels.create({ slug: slug.trim(), displayName, currency: currency as CurrencyCode }),
    );
    if (channel) {
      this.app.setChannel(channel);
      this.app.announce(this.t('setup.created', { name: channel.displayName }));
    }
  }

  private async resend(): Promise<void> {
    const email = this.app.user?.email;
    if (email) await this.actions.run('resend', () => this.app.client.auth.resendVerification(email));
  }

  protected override render() {
    const user = this.app.user;
    const suggested = this.app.locale === 'hi' || navigator.language.endsWith('-IN') ? 'INR' : 'USD';
    return html`<section class="narrow card">
      <h1 tabindex="-1">${this.t('setup.title')}</h1>
      <p>${this.t('setup.intro')}</p>
      ${
        user && !user.emailVerified
          ? html`<div class="notice" role="status">
            <p>${this.t('setup.unverified', { email: user.email })}</p>
            <button type="button" class="btn small" ?disabled=${this.actions.busy('resend')} @click=${this.resend}>${this.t('resend.submit')}</button>
            ${this.actions.done('resend') ? html`<p class="success">${this.t('resend.done')}</p>` : nothing}
            ${errorBox(this.actions.error('resend'))}
          </div>`
          : nothing
      }
      <form @submit=${this.submit} novalidate>
        <div class="field">
          <label for="setup-slug">${this.t('setup.slug')}</label>
          <input id="setup-slug" name="slug" required minlength="3" maxlength="32" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="setup-slug-hint" />
          <small id="setup-slug-hint">${this.t('setup.slugHint')}</small>
        </div>
        <div class="field">
          <label for="setup-name">${this.t('setup.name')}</label>
          <input id="setup-name" name="displayName" required maxlength="64" .value=${user?.displayName ?? ''} />
        </div>
        <div class="field">
          <label for="setup-currency">${this.t('setup.currency')}</label>
          <select id="setup-currency" name="currency" aria-describedby="setup-currency-hint">
            ${CURRENCY_CODES.map((code) => html`<option value=${code} ?selected=${code === suggested}>${code}</option>`)}
          </select>
          <small id="setup-currency-hint">${this.t('setup.currencyHint')}</small>
        </div>
        ${errorBox(this.actions.error('create'))}
        <div class="actions">${submit(this.t('setup.submit'), this.actions.busy('create'), this.t('common.working'))}</div>
      </form>
    </section>`;
  }
}
