import type { ChatMessage } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { fingerprintOf, keyReused } from '../idempotency/key';
import { keyInUse } from '../idempotency/store';
import { type MessageRow, messageSelect, toChatMessage } from './message-view';

/** A chat send's idempotency key, scoped to the sender in the channel: another viewer's key never answers for them. */
export interface SendKey {
  scope: string;
  key: string;
  fingerprint: string;
}

export function sendKey(channelId: string, viewerId: string, key: string | undefined, text: string): SendKey | null {
  if (key === undefined) return null;
  // REST and socket sends share the scope, so a send retried over the other transport is still one message.
  return { scope: `chat:${channelId}:${viewerId}`, key, fingerprint: fingerprintOf({ text }) };
}

/**
 * Thrown inside the send transaction when the key turns out to be taken under the channel lock
 * (a concurrent duplicate committed first): the transaction rolls back (so the sender's
 * slow-mode clock does not move) and the first message is read and answered after it.
 */
export class SendKeyTaken extends Error {
  override name = 'SendKeyTaken';
}

/**
 * The message the key's first send stored, as it reads now (deleted or not: a retry learns what
 * it sent); null when the key is unused. The same key with other text is refused with 422.
 * One statement: the key and its message are read together.
 */
export async function firstAnswer(q: Queryable, sent: SendKey): Promise<ChatMessage | null> {
  const [row] = await q<(MessageRow & { keyFingerprint: string })[]>`
    select k.fingerprint as key_fingerprint, msg.*
    from idempotency_keys k
    left join lateral (${messageSelect(q)} where m.id = k.chat_message_id) msg on true
    where k.scope = ${sent.scope} and k.key = ${sent.key}`;
  if (!row) return null;
  if (row.keyFingerprint !== sent.fingerprint) throw keyReused();
  // The key is kept but its message is not readable (cannot happen while messages are only soft-deleted).
  if (row.id === null) throw keyInUse();
  return toChatMessage(row);
}
