import { html, nothing } from 'lit';
import { formatDateTime } from '../format';
import { LiveResource } from '../live-resource';
import { type PayoutSchedule, type StripeAccount, TipchatError } from '../sdk';
import { errorBox, loaded } from '../ui';
import { Actions, DashboardElement } from '../view';

/**
 * Payouts outside India go to the streamer's Stripe account: its state, onboarding with Stripe
 * (which returns to the earnings page), and automatic daily payouts on or off.
 */
export class EarnStripe extends DashboardElement {
  private readonly account = new LiveResource<StripeAccount | null>(this, {
    load: async () => {
      try {
        return await this.app.client.payouts.stripeAccount();
      } catch (error) {
        // No account yet is the usual start, not a failure.
        if (error instanceof TipchatError && error.status === 404) return null;
        throw error;
      }
    },
  });
  private readonly actions = new Actions(this);

  private async onboard(): Promise<void> {
    const back = `${location.origin}${this.app.path('earnings')}`;
    const onboarding = await this.actions.run('onboard', () =>
      this.app.client.payouts.startStripeOnboarding({ returnUrl: back, refreshUrl: back }),
    );
    if (onboarding) location.assign(onboarding.onboardingUrl);
  }

  protected override render() {
    return loaded(this.app, this.account, (account) => {
      const ready = account?.payoutsEnabled ?? false;
      return html`<p>
          ${account ? html`<span class="badge ${ready ? 'ok' : 'warn'}">${ready ? this.t('stripe.ready') : this.t('stripe.incomplete')}</span>` : nothing}
          ${account ? nothing : this.t('stripe.none')}
        </p>
        ${account?.requirements.length ? html`<p class="muted">${this.t('stripe.requirements', { n: account.requirements.length })}</p>` : nothing}
        ${ready ? nothing : html`<button type="button" class="btn primary" data-action="stripe-onboard" ?disabled=${this.actions.busy('onboard')} @click=${this.onboard}>${account ? this.t('stripe.continue') : this.t('stripe.start')}</button>`}
        ${errorBox(this.actions.error('onboard'))}`;
    });
  }
}

/** Automatic payouts: everything available is paid out once a day when on. */
export class EarnSchedule extends DashboardElement {
  private readonly schedule = new LiveResource<PayoutSchedule>(this, { load: () => this.app.client.payouts.schedule() });
  private readonly actions = new Actions(this);

  private async toggle(event: Event): Promise<void> {
    const enabled = (event.target as HTMLInputElement).checked;
    const schedule = await this.actions.run('toggle', () => this.app.client.payouts.setSchedule({ enabled }));
    if (schedule) this.schedule.set(schedule);
    else this.requestUpdate();
  }

  /** When the next automatic payout runs; a run already due (turned on just now, or waiting for the job's next round) is "shortly", never a time in the past. */
  private nextRun(nextRunAt: string): string {
    const wait = Date.parse(nextRunAt) - Date.now();
    // A page left open past the time says "shortly" then, rather than keep a time now past.
    clearTimeout(this.#passes);
    if (wait > 0) this.#passes = setTimeout(() => this.requestUpdate(), Math.min(wait + 1_000, 2 ** 31 - 1));
    return wait <= 0 ? this.t('schedule.due') : this.t('schedule.next', { time: formatDateTime(nextRunAt, this.app.locale) });
  }

  #passes: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#passes);
  }

  protected override render() {
    return loaded(
      this.app,
      this.schedule,
      (schedule) => html`<label class="check">
          <input type="checkbox" data-action="schedule" .checked=${schedule.enabled} ?disabled=${this.actions.busy('toggle')} @change=${this.toggle} />
          ${this.t('schedule.label')}
        </label>
        ${schedule.enabled && schedule.nextRunAt ? html`<p class="muted" data-next-payout>${this.nextRun(schedule.nextRunAt)}</p>` : nothing}
        ${errorBox(this.actions.error('toggle'))}`,
    );
  }
}
