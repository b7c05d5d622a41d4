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

const MESSAGE_COLUMNS: Array<'id' | 'channelId' | 'viewerId' | 'seq' | 'text' | 'tipId' | 'createdAt'> = [
  'id',
  'channelId',
  'viewerId',
  'seq',
  'text',
  'tipId',
  'createdAt',
];

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
  const rows = inputs.map((input, index) => {
    if (input.channelId !== channelId) throw new Error(`tipchat: a message of channel ${input.channelId} in a batch of ${channelId}`);
    return {
      id: input.id ?? randomUUID(),
      channelId,
      viewerId: input.viewerId,
      seq: first + index,
      text: input.text,
      tipId: input.tipId ?? null,
      createdAt: input.createdAt,
    };
  });
  // A VALUES list, not a json document: the planner then knows how many rows the read-back joins, and reaches each
  // author through the viewers' primary key instead of hashing a busy channel's whole viewers table.
  const written = await tx<MessageRow[]>`
    with m as (
      insert into chat_messages ${tx(rows, MESSAGE_COLUMNS)}
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
