import type { Alert, AlertStatus } from '@tipchat/sdk/protocol';
import { type TipRow, toPublicTip } from '../tips/tip-view';

/** An alerts row's own state, as `returning status, queued_at, shown_at, replays` gives it. */
export interface AlertState {
  status: AlertStatus;
  queuedAt: Date;
  shownAt: Date | null;
  replays: number;
}

/**
 * A tips row with its alert's columns under `alert_` names: both tables have a status (and a
 * channel and times), so the alert's own are renamed in the join.
 */
export type AlertTipRow = TipRow & {
  alertStatus: AlertStatus;
  alertQueuedAt: Date;
  alertShownAt: Date | null;
  alertReplays: number;
};

export function toAlert(state: AlertState, tip: TipRow): Alert {
  return {
    tipId: tip.id,
    status: state.status,
    queuedAt: state.queuedAt.toISOString(),
    shownAt: state.shownAt?.toISOString() ?? null,
    replays: state.replays,
    tip: toPublicTip(tip),
  };
}

/** Splits a joined row back into the alert's state and its tip. */
export function splitAlertTipRow(row: AlertTipRow): { state: AlertState; tip: TipRow } {
  const { alertStatus, alertQueuedAt, alertShownAt, alertReplays, ...tip } = row;
  return { state: { status: alertStatus, queuedAt: alertQueuedAt, shownAt: alertShownAt, replays: alertReplays }, tip };
}

export function alertOfRow(row: AlertTipRow): Alert {
  const { state, tip } = splitAlertTipRow(row);
  return toAlert(state, tip);
}
