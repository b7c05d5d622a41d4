import type { ChatMessage } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import { AppError, notFound } from '../../errors';
import type { EventWriter } from '../../realtime/event-log';
import { type Actor, canModerate } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { recordAction } from '../moderation/audit';
import { findMessage, toChatMessage } from './message-view';
import { actorUser, lockChatState } from './settings-service';

/**
 * What happens to messages after they are sent: deleting, pinning, clearing. Pinning and
 * clearing are for the streamer and moderators, whom their routes alone let in. Each change and
 * its event commit together. Lock order, to never deadlock with a concurrent action: the
 * message row, then the channel's chat_settings row, then (appending) the channel row.
 */
export class MessageActions {
  constructor(private readonly deps: FeatureDeps) {}

  /** The author deletes their own message; the streamer and moderators any message. */
  async remove(channel: ChannelInfo, actor: Actor, messageId: string): Promise<void> {
    if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in or join the chat first');
    await this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      const message = await findMessage(tx, channel.id, messageId, true);
      if (!message) throw notFound('Message');
      const own = actor.viewerId !== null && actor.viewerId === message.viewerId;
      if (!own && !canModerate(actor)) throw new AppError('FORBIDDEN', 'You can delete only your own messages');
      await tx`update chat_messages set deleted_at = now(), deleted_by = ${actor.userId} where id = ${messageId}`;
      const [unpinned] = await tx`
        update chat_settings set pinned_message_id = null, updated_at = now()
        where channel_id = ${channel.id} and pinned_message_id = ${messageId} returning 1`;
      await events.append(channel.id, 'chat.message_deleted', { messageId }, 'public');
      if (unpinned) await events.append(channel.id, 'chat.unpinned', { messageId }, 'public');
      if (!own) {
        await recordAction(tx, {
          channelId: channel.id,
          actorUserId: actorUser(actor),
          action: 'message.deleted',
          targetViewerId: message.viewerId,
          details: { messageId, text: message.text },
        });
      }
    });
  }

  /** Pins one message for everyone, in place of any message pinned before. */
  async pin(channel: ChannelInfo, actor: Actor, messageId: string): Promise<ChatMessage> {
    return this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      const row = await findMessage(tx, channel.id, messageId, true);
      const state = await lockChatState(tx, channel.id);
      // A cleared message is gone from every chat view: nothing to pin.
      if (!row || row.seq <= state.clearedBeforeSeq) throw notFound('Message');
      const message = toChatMessage(row);
      if (state.pinnedMessageId === messageId) return message;
      await tx`update chat_settings set pinned_message_id = ${messageId}, updated_at = now() where channel_id = ${channel.id}`;
      await events.append(channel.id, 'chat.pinned', { message }, 'public');
      await recordAction(tx, {
        channelId: channel.id,
        actorUserId: actorUser(actor),
        action: 'message.pinned',
        targetViewerId: row.viewerId,
        details: { messageId },
      });
      return message;
    });
  }

  /** Unpins the pinned message; with none pinned there is nothing to do. */
  async unpin(channel: ChannelInfo, actor: Actor): Promise<void> {
    await this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      const state = await lockChatState(tx, channel.id);
      if (!state.pinnedMessageId) return;
      await unpinIn(tx, events, channel.id, state.pinnedMessageId);
      await recordAction(tx, {
        channelId: channel.id,
        actorUserId: actorUser(actor),
        action: 'message.unpinned',
        details: { messageId: state.pinnedMessageId },
      });
    });
  }

  /** Clears every chat view; history starts after the clear. A pinned message goes too. */
  async clear(channel: ChannelInfo, actor: Actor): Promise<void> {
    await this.deps.events.transaction(async (tx, events) => {
      await events.lock(channel.id);
      const state = await lockChatState(tx, channel.id);
      if (state.pinnedMessageId) await unpinIn(tx, events, channel.id, state.pinnedMessageId);
      const cleared = await events.append(channel.id, 'chat.cleared', {}, 'public');
      await tx`update chat_settings set cleared_before_seq = ${cleared}, updated_at = now() where channel_id = ${channel.id}`;
      await recordAction(tx, {
        channelId: channel.id,
        actorUserId: actorUser(actor),
        action: 'chat.cleared',
        details: { seq: cleared },
      });
    });
  }
}

async function unpinIn(tx: TransactionSql, events: EventWriter, channelId: string, messageId: string): Promise<void> {
  await tx`update chat_settings set pinned_message_id = null, updated_at = now() where channel_id = ${channelId}`;
  await events.append(channelId, 'chat.unpinned', { messageId }, 'public');
}
