import type { Alert, AlertStatus } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import { type AlertState, type AlertTipRow, alertOfRow } from './alert-view';

/** An overlay fetches the whole queue after a reconnect; this bounds one answer if a paused queue grew huge. */
export const QUEUE_LIMIT = 1_000;

/** The queued alerts, oldest first: the order an overlay plays them in. */
export async function readQueued(q: Queryable, channelId: string): Promise<Alert[]> {
  const rows = await q<AlertTipRow[]>`
    select t.*, a.status as alert_status, a.queued_at as alert_queued_at, a.shown_at as alert_shown_at, a.replays as alert_replays
    from alerts a join tips t on t.id = a.tip_id
    where a.channel_id = ${channelId} and a.status = 'queued'
    order by a.queued_at, a.tip_id
    limit ${QUEUE_LIMIT}`;
  return rows.map(alertOfRow);
}

/** The most recently changed alerts, newest first: the dashboard's history. */
export async function readRecent(q: Queryable, channelId: string, status: AlertStatus | undefined, limit: number): Promise<Alert[]> {
  const rows = await q<AlertTipRow[]>`
    select t.*, a.status as alert_status, a.queued_at as alert_queued_at, a.shown_at as alert_shown_at, a.replays as alert_replays
    from alerts a join tips t on t.id = a.tip_id
    where a.channel_id = ${channelId} ${status === undefined ? q`` : q`and a.status = ${status}`}
    order by a.updated_at desc, a.tip_id desc
    limit ${limit}`;
  return rows.map(alertOfRow);
}

/**
 * The alert of `tipId` in this channel, locked until the transaction ends (after the channel:
 * lock order, step 2, so a skip from the dashboard and a refund cancelling the same alert take
 * turns); undefined when there is none here.
 */
export async function lockAlert(tx: TransactionSql, channelId: string, tipId: string): Promise<AlertTipRow | undefined> {
  const [row] = await tx<AlertTipRow[]>`
    select t.*, a.status as alert_status, a.queued_at as alert_queued_at, a.shown_at as alert_shown_at, a.replays as alert_replays
    from alerts a join tips t on t.id = a.tip_id
    where a.tip_id = ${tipId} and a.channel_id = ${channelId}
    for update of a`;
  return row;
}

/**
 * Moves a locked alert to `to`, stamping the time of the move. A replay starts afresh at the
 * back of the queue: a new queue time, no shown or skipped time, one more replay.
 */
export async function moveAlert(tx: TransactionSql, tipId: string, to: AlertStatus): Promise<AlertState> {
  const changes =
    to === 'shown'
      ? tx`status = 'shown', shown_at = clock_timestamp()`
      : to === 'skipped'
        ? tx`status = 'skipped', skipped_at = clock_timestamp()`
        : tx`status = 'queued', queued_at = clock_timestamp(), shown_at = null, skipped_at = null, replays = replays + 1`;
  const [state] = await tx<AlertState[]>`
    update alerts set ${changes}, updated_at = clock_timestamp()
    where tip_id = ${tipId}
    returning status, queued_at, shown_at, replays`;
  if (!state) throw new Error(`tipchat: alert ${tipId} vanished while locked`);
  return state;
}
