import type { TransactionSql } from '../../db/connection';
import type { EventWriter } from '../../realtime/event-log';
import { postChatMessage } from '../chat/post-message';
import type { GoalService } from '../goals/service';
import type { TipAlerts } from './tip-alerts';
import { type TipRow, toPublicTip, toTipFeedItem } from './tip-view';

/**
 * What every view of the channel learns when a tip changes, written in the transaction that
 * changes it, with the channel locked: the highlighted chat message and the alert of a paid tip,
 * the streamer's feed and the goal. (Its figures are moved by the database with the tip's own row;
 * here they are only read and announced. The leaderboards the same row moved are pushed after the
 * commit, coalesced per channel: goals/leaderboard-push.ts.)
 */
export class TipEffects {
  constructor(
    private readonly alerts: TipAlerts,
    private readonly goals: GoalService,
  ) {}

  /**
   * A tip just paid. `paying` is the tip row as the payment's update (already issued) returns
   * it; `tip` is the row before, with the payment's time and the id its highlighted message is
   * written under. The message, the alert and the figures' reads are issued behind the caller's
   * writes, so all of them share one round trip; the events are then appended in a fixed order.
   */
  async paid(
    tx: TransactionSql,
    events: EventWriter,
    tip: TipRow & { paidAt: Date; chatMessageId: string },
    paying: Promise<TipRow>,
  ): Promise<TipRow> {
    const channel = await events.lock(tip.channelId);
    const [paid, , announceAlert, goal] = await Promise.all([
      paying,
      // A held message shows as a highlighted tip without text. Its event is appended the moment it is written: first.
      postChatMessage(tx, events, {
        id: tip.chatMessageId,
        channelId: tip.channelId,
        viewerId: tip.viewerId,
        text: tip.messageHeld ? '' : tip.message,
        tipId: tip.id,
        createdAt: tip.paidAt,
      }),
      this.alerts.queuePaid(tx, tip, channel.currency),
      this.goals.goal(tip.channelId, tx),
    ]);
    await events.append(paid.channelId, 'tip.succeeded', toPublicTip(paid), 'public');
    await events.append(paid.channelId, 'tip.updated', toTipFeedItem(paid), 'staff');
    if (announceAlert) await announceAlert(events, paid);
    await this.goals.announce(events, paid.channelId, goal);
    return paid;
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
