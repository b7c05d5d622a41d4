import { html, nothing } from 'lit';
import { formatDateTime, majorText, parseAmount } from '../format';
import { LiveResource } from '../live-resource';
import type { Goal } from '../sdk';
import { errorBox, formValues, loaded, saved, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** The channel goal: its progress (live), and setting, replacing or ending it. */
export class SettingsGoal extends DashboardElement {
  private readonly goal = new LiveResource<Goal | null>(this, {
    load: () => this.app.client.goals.get(this.slug),
    live: { 'goal.updated': ({ goal }, resource) => resource.set(goal) },
  });
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async save(event: Event): Promise<void> {
    const { title = '', target = '', deadline = '', since = '' } = formValues(event);
    const currency = this.app.channel?.currency ?? 'USD';
    const goal = await this.actions.run('save', () => {
      const minor = parseAmount(target, currency);
      if (minor === null) throw new Error(this.t('common.notAnAmount', { value: target }));
      return this.app.client.goals.set(this.slug, {
        title,
        target: minor,
        deadline: deadline ? new Date(deadline).toISOString() : null,
        // Empty: count from now. Earlier: tips already sent since then count too (a goal set mid-stream).
        ...(since ? { startsAt: new Date(since).toISOString() } : {}),
      });
    });
    if (goal) this.goal.set(goal);
  }

  private async removeGoal(): Promise<void> {
    await this.app.dialog({
      title: this.t('goal.removeTitle'),
      message: this.t('goal.removeConfirm'),
      danger: true,
      confirmLabel: this.t('goal.remove'),
      run: async () => {
        await this.app.client.goals.remove(this.slug);
        this.goal.set(null);
      },
    });
  }

  protected override render() {
    const currency = this.app.channel?.currency ?? 'USD';
    return loaded(this.app, this.goal, (goal) => {
      const money = (minor: number) => this.app.money(minor, goal?.currency ?? currency);
      return html`${
        goal
          ? html`<div class="goal" data-goal=${goal.id}>
            <p><strong>${goal.title}</strong> ${goal.reached ? html`<span class="badge ok">${this.t('goal.reached')}</span>` : nothing}</p>
            <progress max=${goal.target} .value=${Math.min(goal.progress, goal.target)} aria-label=${goal.title}></progress>
            <p class="muted">
              ${this.t('goal.progress', { progress: money(goal.progress), target: money(goal.target), n: goal.tipCount })}
              · <span data-goal-since>${this.t('goal.since', { time: formatDateTime(goal.startsAt, this.app.locale) })}</span>
              ${goal.deadline ? html` · ${this.t('goal.until', { time: formatDateTime(goal.deadline, this.app.locale) })}` : nothing}
            </p>
            <button type="button" class="btn small danger-outline" data-action="remove-goal" @click=${this.removeGoal}>${this.t('goal.remove')}</button>
          </div>`
          : html`<p class="state empty">${this.t('goal.none')}</p>`
      }
        <form @submit=${this.save} novalidate>
          <h3>${goal ? this.t('goal.replace') : this.t('goal.set')}</h3>
          <div class="field">
            <label for="goal-title">${this.t('goal.titleLabel')}</label>
            <input id="goal-title" name="title" maxlength="80" .value=${goal?.title ?? ''} />
          </div>
          <div class="row">
            <div class="field">
              <label for="goal-target">${this.t('goal.target', { currency })}</label>
              <input id="goal-target" name="target" inputmode="decimal" .value=${goal ? majorText(goal.target, goal.currency) : ''} />
            </div>
            <div class="field">
              <label for="goal-deadline">${this.t('goal.deadline')}</label>
              <input id="goal-deadline" name="deadline" type="datetime-local" />
            </div>
            <div class="field">
              <label for="goal-since">${this.t('goal.sinceLabel')}</label>
              <input id="goal-since" name="since" type="datetime-local" aria-describedby="goal-since-hint" />
              <small id="goal-since-hint">${this.t('goal.sinceHint')}</small>
            </div>
          </div>
          ${errorBox(this.actions.error('save'))}
          <div class="actions">
            ${submit(this.t('goal.save'), this.actions.busy('save'), this.t('common.saving'))}
            ${saved(this.actions.done('save'), this.t('common.saved'))}
          </div>
        </form>`;
    });
  }
}
