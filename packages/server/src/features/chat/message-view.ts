import type { ChatMessage, ChatRole, CurrencyCode } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';

/** A chat message joined with its author (and its tip, for a tip's highlighted message), as messageSelect reads it. */
export interface MessageRow {
  id: string;
  channelId: string;
  viewerId: string | null;
  seq: number;
  text: string;
  createdAt: Date;
  displayName: string;
  kind: 'guest' | 'account';
  role: ChatRole;
  tipId: string | null;
  tipAmount: number | null;
  tipCurrency: CurrencyCode | null;
  tipColor: string | null;
  tipPinSeconds: number | null;
}

/**
 * Messages with their author's current name and role in the channel (a moderator appointed
 * later shows as one in history). A tip's message from someone who never joined the chat has no
 * viewer: it is shown under the name given with the tip. `m` is chat_messages (or `source`, a
 * CTE of rows just written); callers add where/order/limit.
 */
export const messageSelect = (q: Queryable, source = q`chat_messages`) => q`
  select m.id, m.channel_id, m.viewer_id, m.seq, m.text, m.created_at,
    coalesce(v.display_name, t.display_name) as display_name, coalesce(v.kind, 'guest') as kind,
    case
      when v.user_id is not null and v.user_id = c.owner_id then 'streamer'
      when exists (select 1 from moderators mo where mo.channel_id = m.channel_id and mo.user_id = v.user_id) then 'moderator'
      else 'viewer'
    end as role,
    t.id as tip_id, t.amount as tip_amount, t.currency as tip_currency, t.tier ->> 'color' as tip_color,
    (t.tier ->> 'pinSeconds')::int as tip_pin_seconds
  from ${source} m
  left join viewers v on v.id = m.viewer_id
  left join tips t on t.id = m.tip_id
  join channels c on c.id = m.channel_id`;

export function toChatMessage(row: MessageRow): ChatMessage {
  const message: ChatMessage = {
    id: row.id,
    channelId: row.channelId,
    seq: row.seq,
    author: { viewerId: row.viewerId, displayName: row.displayName, kind: row.kind, role: row.role },
    text: row.text,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.tipId !== null && row.tipAmount !== null && row.tipCurrency !== null) {
    const pinSeconds = row.tipPinSeconds ?? 0;
    message.tip = {
      id: row.tipId,
      amount: row.tipAmount,
      currency: row.tipCurrency,
      color: row.tipColor ?? '#1e88e5',
      pinnedUntil: pinSeconds > 0 ? new Date(row.createdAt.getTime() + pinSeconds * 1000).toISOString() : null,
    };
  }
  return message;
}

/** One message of the channel that is not deleted, or null; `lock` holds it until the transaction ends. */
export async function findMessage(q: Queryable, channelId: string, messageId: string, lock = false): Promise<MessageRow | null> {
  const [row] = await q<MessageRow[]>`
    ${messageSelect(q)} where m.id = ${messageId} and m.channel_id = ${channelId} and m.deleted_at is null
    ${lock ? q`for update of m` : q``}`;
  return row ?? null;
}
