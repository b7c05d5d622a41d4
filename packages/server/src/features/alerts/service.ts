import type { TransactionSql } from '../../db/connection';
import type { EventWriter } from '../../realtime/event-log';
import type { FeatureDeps } from '../deps';
import type { TipRow } from '../tips/tip-view';

/** The alert queue of each channel: persisted per tip, so an overlay that restarts resumes it. */
export class AlertService {
  constructor(readonly deps: FeatureDeps) {}

  /** Called in the transaction that marks a tip paid: queues its alert unless below the channel's minimum. */
  async queueForTip(_tx: TransactionSql, _events: EventWriter, _tip: TipRow): Promise<void> {}

  /** Called in the transaction that refunds or disputes a tip: a queued alert of it is skipped. */
  async cancelForTip(_tx: TransactionSql, _events: EventWriter, _tip: TipRow): Promise<void> {}
}
