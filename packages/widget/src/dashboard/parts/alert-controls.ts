import { html, nothing } from 'lit';
import { LiveResource } from '../live-resource';
import type { AlertQueue } from '../sdk';
import { errorBox } from '../ui';
import { Actions, DashboardElement } from '../view';

/** The alert queue at a glance: how many wait, pause or resume them, and play a test alert on every overlay. */
export class AlertControls extends DashboardElement {
  private readonly queue = new LiveResource<AlertQueue>(this, {
    load: () => this.app.client.alerts.queue(this.slug),
    reloadOn: ['alert.settings_updated', 'alert.queued', 'alert.shown', 'alert.skipped'],
  });
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async togglePause(): Promise<void> {
    const paused = !this.queue.value?.settings.paused;
    const settings = await this.actions.run('pause', () => this.app.client.alerts.updateSettings(this.slug, { paused }));
    if (settings && this.queue.value) this.queue.set({ ...this.queue.value, settings });
  }

  private async test(): Promise<void> {
    await this.actions.run('test', () => this.app.client.alerts.test(this.slug));
    if (this.actions.done('test')) this.app.announce(this.t('alerts.testSent'));
  }

  protected override render() {
    const queue = this.queue.value;
    return html`<div class="alert-controls" role="group" aria-label=${this.t('alerts.label')}>
      ${
        queue
          ? html`<span class="muted" data-queued=${queue.queued.length}>${this.t('alerts.waiting', { n: queue.queued.length })}</span>
            ${queue.settings.paused ? html`<span class="badge warn">${this.t('alerts.pausedBadge')}</span>` : nothing}
            <button type="button" class="btn small" data-action="pause-alerts" aria-pressed=${String(queue.settings.paused)} ?disabled=${this.actions.busy('pause')} @click=${this.togglePause}>
              ${queue.settings.paused ? this.t('alerts.resume') : this.t('alerts.pause')}
            </button>`
          : nothing
      }
      <button type="button" class="btn small" data-action="test-alert" ?disabled=${this.actions.busy('test')} @click=${this.test}>${this.t('alerts.test')}</button>
      ${this.actions.done('test') ? html`<span class="saved" role="status">${this.t('alerts.testSent')}</span>` : nothing}
      ${errorBox(this.queue.state === 'error' ? this.queue.error : (this.actions.error('pause') ?? this.actions.error('test')))}
    </div>`;
  }
}
