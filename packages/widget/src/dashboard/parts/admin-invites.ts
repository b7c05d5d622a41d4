import { html, nothing } from 'lit';
import { formatDateTime } from '../format';
import type { Invite, RegistrationPolicy } from '../sdk';
import { errorBox, formValues, submit } from '../ui';
import { Actions, DashboardElement, Loader } from '../view';

/**
 * One-time sign-up invites (for servers with REGISTRATION=invite): the link is shown once, to send to the person
 * invited; only its hash is stored.
 */
export class AdminInvites extends DashboardElement {
  private readonly actions = new Actions(this);
  private invite: Invite | null = null;
  private readonly policy = new Loader<RegistrationPolicy>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.policy.load(() => this.app.client.admin.registration());
  }

  private async create(event: Event): Promise<void> {
    const { days = '' } = formValues(event);
    const hours = Math.round(Number(days || '7') * 24);
    const invite = await this.actions.run('invite', () => this.app.client.admin.createInvite({ expiresInHours: hours }));
    if (!invite) return;
    this.invite = invite;
    this.requestUpdate();
  }

  protected override render() {
    const invite = this.invite;
    const policy = this.policy.value?.policy;
    return html`${policy ? html`<p data-registration=${policy}><strong>${this.t(`admin.registration.${policy}`)}</strong></p>` : nothing}
      <p class="muted">${this.t('admin.inviteIntro')}</p>
      <form class="inline" @submit=${this.create}>
        <label>${this.t('admin.inviteDays')} <input name="days" type="number" min="1" max="90" value="7" /></label>
        ${submit(this.t('admin.inviteCreate'), this.actions.busy('invite'), this.t('common.working'))}
      </form>
      ${errorBox(this.actions.error('invite'))}
      ${
        invite
          ? html`<tipchat-dash-copy name="invite-link" .label=${this.t('admin.inviteLink')} .value=${invite.link} rows="2"></tipchat-dash-copy>
            <p class="muted">${this.t('admin.inviteExpires', { when: formatDateTime(invite.expiresAt, this.app.locale) })}</p>`
          : nothing
      }`;
  }
}
