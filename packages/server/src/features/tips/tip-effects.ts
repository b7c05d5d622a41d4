import type { TransactionSql } from '../../db/connection';
import type { EventWriter } from '../../realtime/event-log';
import type { AlertService } from '../alerts/service';
import { type MessageRow, messageSelect, toChatMessage } from '../chat/message-view';
import type { GoalService } from '../goals/service';
import { type TipRow, toPublicTip, toTipFeedItem } from './tip-view';

/**
 * What every view of the channel learns when a tip changes, written in the transaction that
 * changes it: the highlighted chat message and the alert of a paid tip, the streamer's feed,
 * the goal and the leaderboards.
 */
export class TipEffects {
  constructor(
    private readonly alerts: AlertService,
    private readonly goals: GoalService,
  ) {}

  async paid(tx: TransactionSql, events: EventWriter, tip: TipRow): Promise<TipRow> {
    const withMessage = await this.postChatMessage(tx, events, tip);
    await events.append(tip.channelId, 'tip.succeeded', toPublicTip(withMessage), 'public');
    await events.append(tip.channelId, 'tip.updated', toTipFeedItem(withMessage), 'staff');
    await this.alerts.queueForTip(tx, events, withMessage);
    await this.goals.onTipsChanged(tx, events, tip.channelId);
    return withMessage;
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

  /**
   * The tip's highlighted chat message, with the sequence of the event that announces it (the
   * chat's own rule: take the channel's next sequence under its lock, then append exactly it).
   * A held message shows as a highlighted tip without text.
   */
  private async postChatMessage(tx: TransactionSql, events: EventWriter, tip: TipRow): Promise<TipRow> {
    const [head] = await tx<{ lastEventSeq: number }[]>`select last_event_seq from channels where id = ${tip.channelId} for no key update`;
    const seq = (head?.lastEventSeq ?? 0) + 1;
    const text = tip.messageHeld ? '' : tip.message;
    const [inserted] = await tx<{ id: string }[]>`
      insert into chat_messages (channel_id, viewer_id, seq, text, tip_id, created_at)
      values (${tip.channelId}, ${tip.viewerId}, ${seq}, ${text}, ${tip.id}, ${tip.paidAt ?? new Date()}) returning id`;
    if (!inserted) throw new Error('tipchat: tip chat message insert returned nothing');
    const [row] = await tx<MessageRow[]>`${messageSelect(tx)} where m.id = ${inserted.id}`;
    if (!row) throw new Error('tipchat: tip chat message vanished');
    const announced = await events.append(tip.channelId, 'chat.message', toChatMessage(row), 'public');
    if (announced.seq !== seq) throw new Error(`tipchat: tip message expected event ${seq}, got ${announced.seq}`);
    const [updated] = await tx<TipRow[]>`update tips set chat_message_id = ${inserted.id} where id = ${tip.id} returning *`;
    return updated ?? tip;
  }
}
