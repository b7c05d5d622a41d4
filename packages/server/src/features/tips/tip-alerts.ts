import type { TransactionSql } from '../../db/connection';
import type { EventWriter } from '../../realtime/event-log';
import type { TipRow } from './tip-view';

/** Appends a queued alert's event; called with the tip as its payment left it, after the tip's own events. */
export type AlertAnnouncement = (events: EventWriter, paid: TipRow) => Promise<void>;

/**
 * What tips need from alerts when a tip's money changes. Alerts build on tips (an alert shows a
 * tip), so tips name what they need here; the alert service implements it and app.ts hands it in.
 */
export interface TipAlerts {
  /**
   * Issues the statement that queues a paid tip's alert at once (so it shares the payment's round
   * trip); resolves to its announcement, or undefined when no alert was queued.
   */
  queuePaid(tx: TransactionSql, tip: TipRow, channelCurrency: string): Promise<AlertAnnouncement | undefined>;
  /** Skips a queued alert of a refunded or disputed tip. */
  cancelForTip(tx: TransactionSql, events: EventWriter, tip: TipRow): Promise<void>;
}
