import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import type { EventWriter } from '../../realtime/event-log';
import { type MessageRow, messageSelect, toChatMessage } from './message-view';

export interface NewChatMessage {
  channelId: string;
  /** Null for a tip from someone who never joined the chat: it shows under the tip's name. */
  viewerId: string | null;
  text: string;
  createdAt: Date;
  /** The tip a highlighted message belongs to (the tip row must already be written in this transaction). */
  tipId?: string;
  /** Chosen by the caller when it links another row to the message in the same transaction. */
  id?: string;
}

/**
 * The one writer of chat messages — a viewer's send and a paid tip's highlighted message alike.
 * The channel must be locked (lock order, step 1): a message carries the sequence of the
 * 'chat.message' event that announces it, the log's next number. The row is written and read
 * back with its author's current name and role in one statement.
 */
export async function postChatMessage(tx: TransactionSql, events: EventWriter, input: NewChatMessage): Promise<ChatMessage> {
  const seq = events.nextSeq(input.channelId);
  const [row] = await tx<MessageRow[]>`
    with m as (
      insert into chat_messages (id, channel_id, viewer_id, seq, text, tip_id, created_at)
      values (${input.id ?? randomUUID()}, ${input.channelId}, ${input.viewerId}, ${seq}, ${input.text}, ${input.tipId ?? null},
        ${input.createdAt})
      returning *
    )
    ${messageSelect(tx, tx`m`)}`;
  if (!row) throw new Error('tipchat: chat message insert returned nothing');
  const message = toChatMessage(row);
  const announced = await events.append(input.channelId, 'chat.message', message, 'public');
  if (announced !== seq) throw new Error(`tipchat: chat message ${row.id} expected event ${seq}, got ${announced}`);
  return message;
}
