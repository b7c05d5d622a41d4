import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DashboardApp } from './app';
import type { Alert } from './sdk';

export type AlertStatusName = Alert['status'];

/**
 * Where each tip's alert stands (queued, shown, skipped), for the tip rows: the recent alerts
 * once, then kept current by the staff alert events. Best effort — a feed without it still works,
 * the rows just do not say.
 */
export class AlertStates implements ReactiveController {
  private readonly states = new Map<string, AlertStatusName>();
  private off: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly app: () => DashboardApp,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const app = this.app();
    const slug = app.channel?.slug;
    if (!slug) return;
    const set = (alert: Alert) => {
      this.states.set(alert.tipId, alert.status);
      this.host.requestUpdate();
    };
    this.off = [app.live.on('alert.queued', set), app.live.on('alert.shown', set), app.live.on('alert.skipped', set)];
    app.client.alerts.list(slug, { limit: 100 }).then(
      (alerts) => {
        // Events that arrived meanwhile are newer than the list: keep them.
        for (const alert of alerts) if (!this.states.has(alert.tipId)) this.states.set(alert.tipId, alert.status);
        this.host.requestUpdate();
      },
      () => {},
    );
  }

  hostDisconnected(): void {
    for (const off of this.off) off();
    this.off = [];
  }

  get(tipId: string): AlertStatusName | undefined {
    return this.states.get(tipId);
  }

  /** An action's answer, before its event arrives. */
  set(alert: Alert): void {
    this.states.set(alert.tipId, alert.status);
    this.host.requestUpdate();
  }
}
