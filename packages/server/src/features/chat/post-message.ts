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

/** One message: see postChatMessages. */
export async function postChatMessage(tx: TransactionSql, events: EventWriter, input: NewChatMessage): Promise<ChatMessage> {
  const [message] = await postChatMessages(tx, events, input.channelId, [input]);
  if (!message) throw new Error('tipchat: chat message insert returned nothing');
  return message;
}

/**
 * The one writer of chat messages — viewers' sends (one, or a batch of them) and a paid tip's
 * highlighted message alike. The channel must be locked (lock order, step 1): each message
 * carries the sequence of the 'chat.message' event that announces it, the log's next numbers in
 * the order given. The rows are written and read back with their authors' current names and
 * roles in one statement, however many there are.
 */
export async function postChatMessages(
  tx: TransactionSql,
  events: EventWriter,
  channelId: string,
  inputs: readonly NewChatMessage[],
): Promise<ChatMessage[]> {
  if (inputs.length === 0) return [];
  const first = events.nextSeq(channelId);
  // Keys as the columns are named: postgres.js renames result columns, not the insides of a json parameter.
  const rows = inputs.map((input, index) => {
    if (input.channelId !== channelId) throw new Error(`tipchat: a message of channel ${input.channelId} in a batch of ${channelId}`);
    return {
      id: input.id ?? randomUUID(),
      viewer_id: input.viewerId,
      seq: first + index,
      text: input.text,
      tip_id: input.tipId ?? null,
      created_at: input.createdAt.toISOString(),
    };
  });
  const written = await tx<MessageRow[]>`
    with m as (
      insert into chat_messages (id, channel_id, viewer_id, seq, text, tip_id, created_at)
      select i.id, ${channelId}, i.viewer_id, i.seq, i.text, i.tip_id, i.created_at
      from jsonb_to_recordset(${tx.json(rows as never)}::jsonb)
        as i (id uuid, viewer_id uuid, seq bigint, text text, tip_id uuid, created_at timestamptz)
      returning *
    )
    ${messageSelect(tx, tx`m`)}
    order by m.seq`;
  if (written.length !== inputs.length) throw new Error(`tipchat: wrote ${written.length} of ${inputs.length} chat messages`);
  const messages = written.map(toChatMessage);
  for (const message of messages) {
    const announced = await events.append(channelId, 'chat.message', message, 'public');
    if (announced !== message.seq) throw new Error(`tipchat: chat message ${message.id} expected event ${message.seq}, got ${announced}`);
  }
  return messages;
}
