import type { HttpClient } from '../http';
import type { Alert, AlertQueue, AlertSettings, AlertStatus, UpdateAlertSettingsBody } from '../protocol/alerts';
import { channelPath } from './paths';

export interface AlertListOptions {
  status?: AlertStatus;
  /** 1–100; the server's default is 50. */
  limit?: number;
}

/**
 * A channel's alert queue. An overlay (a client made with the overlay key as its token) listens
 * for `alert.queued` / `alert.skipped` / `alert.settings_updated` events, reads `queue` whenever
 * it (re)connects — ignoring events for tips it already holds — and calls `shown` after playing
 * each alert. The dashboard pauses and resumes, skips and replays.
 */
export class AlertsResource {
  constructor(private readonly http: HttpClient) {}

  /** The settings and the queued alerts, oldest first (overlay, streamer, moderators, API keys). */
  queue(slug: string): Promise<AlertQueue> {
    return this.http.request('GET', channelPath(slug, 'alerts', 'queue'), { auth: true, channel: slug });
  }

  /** Recently changed alerts, newest first (streamer, moderators, API keys). */
  async list(slug: string, options: AlertListOptions = {}): Promise<Alert[]> {
    const { alerts } = await this.http.request<{ alerts: Alert[] }>('GET', channelPath(slug, 'alerts'), {
      query: { status: options.status, limit: options.limit },
      auth: true,
      channel: slug,
    });
    return alerts;
  }

  /**
   * Marks an alert played. Safe to retry; an alert skipped meanwhile fails with a ConflictError
   * of code ALERT_SKIPPED — drop it.
   */
  shown(slug: string, tipId: string): Promise<Alert> {
    return this.http.request('POST', channelPath(slug, 'alerts', tipId, 'shown'), { auth: true, channel: slug });
  }

  /** Takes a queued alert out of the queue; an alert already shown fails with ALERT_ALREADY_SHOWN. */
  skip(slug: string, tipId: string): Promise<Alert> {
    return this.http.request('POST', channelPath(slug, 'alerts', tipId, 'skip'), { auth: true, channel: slug });
  }

  /**
   * Queues a shown or skipped alert again, at the back; an alert still queued stays where it is.
   * A refunded or disputed tip fails with ALERT_TIP_REVERSED.
   */
  replay(slug: string, tipId: string): Promise<Alert> {
    return this.http.request('POST', channelPath(slug, 'alerts', tipId, 'replay'), { auth: true, channel: slug });
  }

  /** Pause or resume, or change the minimum amount (minor units of the channel's currency). */
  /** Streamer and moderators: every overlay plays a test alert (an `alert.test` event; nothing is queued or paid). */
  test(slug: string): Promise<Alert> {
    return this.http.request('POST', channelPath(slug, 'alerts', 'test'), { auth: true, channel: slug });
  }

  updateSettings(slug: string, body: UpdateAlertSettingsBody): Promise<AlertSettings> {
    return this.http.request('PATCH', channelPath(slug, 'alerts', 'settings'), { body, auth: true, channel: slug });
  }
}
