import type { TransactionSql } from '../../db/connection';
import type { EventWriter } from '../../realtime/event-log';
import type { FeatureDeps } from '../deps';

/** The channel goal and the top-tipper leaderboards, both computed from paid tips. */
export class GoalService {
  constructor(readonly deps: FeatureDeps) {}

  /** Called in every transaction that changes which tips count (paid, refunded, disputed): pushes the new figures. */
  async onTipsChanged(_tx: TransactionSql, _events: EventWriter, _channelId: string): Promise<void> {}
}
