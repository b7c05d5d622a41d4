import type { ChatMessage, ChatRole } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';

/** A chat message joined with its author, as MESSAGE_SELECT reads it. */
export interface MessageRow {
  id: string;
  channelId: string;
  viewerId: string;
  seq: number;
  text: string;
  createdAt: Date;
  displayName: string;
  kind: 'guest' | 'account';
  role: ChatRole;
}

/**
 * Messages with their author's current name and role in the channel (a moderator appointed
 * later shows as one in history). `m` is chat_messages; callers add where/order/limit.
 */
export const messageSelect = (q: Queryable) => q`
  select m.id, m.channel_id, m.viewer_id, m.seq, m.text, m.created_at, v.display_name, v.kind,
    case
      when v.user_id is not null and v.user_id = c.owner_id then 'streamer'
      when exists (select 1 from moderators mo where mo.channel_id = m.channel_id and mo.user_id = v.user_id) then 'moderator'
      else 'viewer'
    end as role
  from chat_messages m
  join viewers v on v.id = m.viewer_id
  join channels c on c.id = m.channel_id`;

export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    channelId: row.channelId,
    seq: row.seq,
    author: { viewerId: row.viewerId, displayName: row.displayName, kind: row.kind, role: row.role },
    text: row.text,
    createdAt: row.createdAt.toISOString(),
  };
}

/** One message of the channel that is not deleted, or null; `lock` holds it until the transaction ends. */
export async function findMessage(q: Queryable, channelId: string, messageId: string, lock = false): Promise<MessageRow | null> {
  const [row] = await q<MessageRow[]>`
    ${messageSelect(q)} where m.id = ${messageId} and m.channel_id = ${channelId} and m.deleted_at is null
    ${lock ? q`for update of m` : q``}`;
  return row ?? null;
}
