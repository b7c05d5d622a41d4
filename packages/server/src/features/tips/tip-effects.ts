import type { TransactionSql } from '../../db/connection';
import type { EventWriter } from '../../realtime/event-log';
import type { AlertService } from '../alerts/service';
import { postChatMessage } from '../chat/post-message';
import type { GoalService } from '../goals/service';
import { type TipRow, toPublicTip, toTipFeedItem } from './tip-view';

/**
 * What every view of the channel learns when a tip changes, written in the transaction that
 * changes it, with the channel locked: the highlighted chat message and the alert of a paid tip,
 * the streamer's feed, the goal and the leaderboards. (Their figures are moved by the database
 * with the tip's own row; here they are only read and announced.)
 */
export class TipEffects {
  constructor(
    private readonly alerts: AlertService,
    private readonly goals: GoalService,
  ) {}

  /** `tip` is the paid row, already linked to `chatMessageId`, the id its highlighted message is written under. */
  async paid(tx: TransactionSql, events: EventWriter, tip: TipRow & { chatMessageId: string }): Promise<void> {
    // A held message shows as a highlighted tip without text.
    await postChatMessage(tx, events, {
      id: tip.chatMessageId,
      channelId: tip.channelId,
      viewerId: tip.viewerId,
      text: tip.messageHeld ? '' : tip.message,
      tipId: tip.id,
      createdAt: tip.paidAt ?? new Date(),
    });
    await events.append(tip.channelId, 'tip.succeeded', toPublicTip(tip), 'public');
    await events.append(tip.channelId, 'tip.updated', toTipFeedItem(tip), 'staff');
    await this.alerts.queueForTip(tx, events, tip);
    await this.goals.onTipsChanged(tx, events, tip.channelId);
  }

  /** Refunds, disputes and their outcomes: the money that counts changed. */
  async moneyChanged(tx: TransactionSql, events: EventWriter, tip: TipRow): Promise<void> {
    await events.append(tip.channelId, 'tip.updated', toTipFeedItem(tip), 'staff');
    if (tip.status !== 'succeeded' && tip.status !== 'partially_refunded') await this.alerts.cancelForTip(tx, events, tip);
    await this.goals.onTipsChanged(tx, events, tip.channelId);
  }

  /** Not paid (yet): only the streamer's feed hears of it. */
  async unpaidChanged(_tx: TransactionSql, events: EventWriter, tip: TipRow): Promise<void> {
    await events.append(tip.channelId, 'tip.updated', toTipFeedItem(tip), 'staff');
  }
}
