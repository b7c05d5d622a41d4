import type { Alert, AlertQueue, AlertSettings, AlertSettingsPatch, AlertStatus } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import { AppError, notFound } from '../../errors';
import type { EventWriter } from '../../realtime/event-log';
import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { missingUploads } from '../media/queries';
import type { AlertAnnouncement, TipAlerts } from '../tips/tip-alerts';
import type { TipRow } from '../tips/tip-view';
import { type AlertState, alertOfRow, splitAlertTipRow, toAlert } from './alert-view';
import { lockAlert, moveAlert, readQueued, readRecent } from './queries';
import { requireAcknowledger, requireAlertManager, requireHistoryReader, requireQueueReader } from './roles';
import { DEFAULT_ALERT_SETTINGS, readAlertSettings, uploadsOf, writeAlertSettings } from './settings';
import { type AlertAction, decide } from './transitions';

/** The alert's event for each state it can move to. */
const EVENT_OF = { queued: 'alert.queued', shown: 'alert.shown', skipped: 'alert.skipped' } as const satisfies Record<AlertStatus, string>;

/** The alert queue of each channel: persisted per tip, so an overlay that restarts resumes it. */
export class AlertService implements TipAlerts {
  constructor(readonly deps: FeatureDeps) {}

  /**
   * Called in the transaction that marks a tip paid, with the tip as it now stands: queues its
   * alert unless it is below the channel's minimum. A tip is alerted at most once, however often
   * this runs for it (a replayed provider event); a paused channel still queues.
   */
  async queueForTip(tx: TransactionSql, events: EventWriter, tip: TipRow): Promise<void> {
    const channel = await events.lock(tip.channelId);
    const state = await this.insertForTip(tx, tip, channel.currency);
    if (state) await this.announceQueued(events, tip, state);
  }

  /**
   * The statement that queues a paid tip's alert, issued at once (so it can share a round trip
   * with the payment's other writes); undefined when it is below the channel's minimum or was
   * queued before. The minimum is in the channel's currency; a tip in another one cannot be
   * compared with it. It is checked in the insert itself (a channel without settings alerts
   * every tip).
   */
  insertForTip(tx: TransactionSql, tip: TipRow, channelCurrency: string): Promise<AlertState | undefined> {
    const comparable = tip.currency === channelCurrency;
    return tx<AlertState[]>`
      insert into alerts (tip_id, channel_id, status, queued_at, updated_at)
      select ${tip.id}, ${tip.channelId}, 'queued', clock_timestamp(), clock_timestamp()
      where not ${comparable} or ${tip.amount}::bigint >= coalesce(
        (select min_amount from alert_settings where channel_id = ${tip.channelId}), ${DEFAULT_ALERT_SETTINGS.minAmount})
      on conflict (tip_id) do nothing
      returning status, queued_at, shown_at, replays`.then(([state]) => state);
  }

  /** insertForTip for a tip being paid: the insert goes out now, its event is appended later with the paid row. */
  queuePaid(tx: TransactionSql, tip: TipRow, channelCurrency: string): Promise<AlertAnnouncement | undefined> {
    return this.insertForTip(tx, tip, channelCurrency).then(
      (state) => state && ((events: EventWriter, paid: TipRow) => this.announceQueued(events, paid, state)),
    );
  }

  async announceQueued(events: EventWriter, tip: TipRow, state: AlertState): Promise<void> {
    await events.append(tip.channelId, 'alert.queued', toAlert(state, tip), 'staff');
  }

  /** Called in the transaction that refunds or disputes a tip: a queued alert of it is skipped. */
  async cancelForTip(tx: TransactionSql, events: EventWriter, tip: TipRow): Promise<void> {
    await events.lock(tip.channelId);
    const [state] = await tx<AlertState[]>`
      update alerts set status = 'skipped', skipped_at = clock_timestamp(), updated_at = clock_timestamp()
      where tip_id = ${tip.id} and status = 'queued'
      returning status, queued_at, shown_at, replays`;
    if (state) await events.append(tip.channelId, 'alert.skipped', toAlert(state, tip), 'staff');
  }

  /** The settings and the queued alerts, oldest first: what an overlay needs after (re)connecting. */
  async queue(channel: ChannelInfo, actor: Actor): Promise<AlertQueue> {
    requireQueueReader(actor);
    const settings = await readAlertSettings(this.deps.sql, channel.id);
    return { settings, queued: await readQueued(this.deps.sql, channel.id) };
  }

  /** Recently changed alerts, newest first, optionally of one status. */
  async list(channel: ChannelInfo, actor: Actor, query: { status?: AlertStatus | undefined; limit: number }): Promise<Alert[]> {
    requireHistoryReader(actor);
    return readRecent(this.deps.sql, channel.id, query.status, query.limit);
  }

  /** The overlay played the alert. */
  shown(channel: ChannelInfo, actor: Actor, tipId: string): Promise<Alert> {
    requireAcknowledger(actor);
    return this.act(channel, tipId, 'show');
  }

  skip(channel: ChannelInfo, actor: Actor, tipId: string): Promise<Alert> {
    requireAlertManager(actor);
    return this.act(channel, tipId, 'skip');
  }

  /** A shown or skipped alert goes to the back of the queue to play again. */
  replay(channel: ChannelInfo, actor: Actor, tipId: string): Promise<Alert> {
    requireAlertManager(actor);
    return this.act(channel, tipId, 'replay');
  }

  async updateSettings(channel: ChannelInfo, actor: Actor, patch: AlertSettingsPatch): Promise<AlertSettings> {
    requireAlertManager(actor);
    return this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      if (patch.design) {
        const missing = await missingUploads(tx, channel.id, uploadsOf(patch.design));
        if (missing.length > 0) {
          throw new AppError(
            'VALIDATION_FAILED',
            'The request is not valid',
            missing.map((ref) => ({
              path: 'body.design',
              message: `No ${ref.type} upload ${ref.sha256} in this channel: upload it first`,
            })),
          );
        }
      }
      const settings = await writeAlertSettings(tx, channel.id, patch);
      await events.append(channel.id, 'alert.settings_updated', settings, 'staff');
      return settings;
    });
  }

  /** One step of the state machine, with its event, in one transaction on the locked alert row. */
  private act(channel: ChannelInfo, tipId: string, action: AlertAction): Promise<Alert> {
    return this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      const row = await lockAlert(tx, channel.id, tipId);
      if (!row) throw notFound('Alert');
      const { state, tip } = splitAlertTipRow(row);
      const decision = decide(action, state.status, tip.status);
      if (decision.kind === 'refused') throw new AppError(decision.code, decision.message, { status: state.status });
      if (decision.kind === 'unchanged') return alertOfRow(row);
      const changed = await moveAlert(tx, tipId, decision.to);
      const alert = toAlert(changed, tip);
      await events.append(channel.id, EVENT_OF[decision.to], alert, 'staff');
      return alert;
    });
  }
}
