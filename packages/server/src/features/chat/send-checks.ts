import type { ChatRole, ChatSettings } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';
import { cleanText, codePointLength } from '../../text/clean-text';
import type { ActiveBan, BlockedTerms } from '../moderation/checks';
import { bannedError } from '../viewers/banned';
import { containsLink } from './links';

/** The sender as the checks read them (no lock: the write re-checks what can change meanwhile). */
export interface Sender {
  id: string;
  kind: 'guest' | 'account';
  userId: string | null;
  displayName: string;
  deviceHash: string | null;
  lastMessageAt: Date | null;
  emailVerified: boolean;
  role: ChatRole;
  /** The database clock when read: the first slow-mode check measures from it. */
  now: Date;
}

/** What a send that passed its checks will write. */
export interface CheckedSend {
  sender: Sender;
  /** The text as it will be stored. */
  text: string;
  /** 0 for staff: slow mode never holds back the streamer or a moderator. */
  slowModeSeconds: number;
}

/**
 * Every check a send passes before anything is locked, in a fixed order, each refusal with its
 * own code. Pure: the single and the batched writer read the same inputs and decide alike.
 */
export function checkSend(
  sender: Sender | null,
  settings: ChatSettings,
  ban: ActiveBan | null,
  terms: BlockedTerms,
  raw: string,
): CheckedSend {
  if (!sender) throw new AppError('FORBIDDEN', 'Join the chat first');
  const staff = sender.role !== 'viewer';
  if (!settings.enabled && !staff) throw new AppError('CHAT_DISABLED', 'Chat is turned off in this channel');
  if (settings.signedInOnly && sender.kind === 'guest') {
    throw new AppError('SIGN_IN_REQUIRED', 'Only signed-in viewers can chat in this channel');
  }
  if (settings.verifiedOnly && !sender.emailVerified) {
    throw new AppError('VERIFIED_EMAIL_REQUIRED', 'Only viewers with a verified email can chat in this channel');
  }
  if (ban) throw bannedError(ban.expiresAt);
  const text = checkedText(raw, settings);
  // The term stays unnamed: telling a spammer which word tripped the filter teaches them to dodge it.
  if (terms.firstIn(text)) throw new AppError('BLOCKED_TERM', 'This message contains a term this channel does not allow');
  const slowModeSeconds = staff ? 0 : settings.slowModeSeconds;
  checkSlowMode(sender.lastMessageAt, sender.now, slowModeSeconds);
  return { sender, text, slowModeSeconds };
}

/** The text as it will be stored, or the reason it cannot be sent. */
function checkedText(raw: string, settings: ChatSettings): string {
  const text = cleanText(raw);
  if (text.length === 0) throw new AppError('MESSAGE_EMPTY', 'The message is empty');
  if (codePointLength(text) > settings.maxMessageLength) {
    throw new AppError('MESSAGE_TOO_LONG', `Messages in this channel are at most ${settings.maxMessageLength} characters`, {
      max: settings.maxMessageLength,
    });
  }
  if (!settings.linksAllowed && containsLink(text)) throw new AppError('LINKS_NOT_ALLOWED', 'Links are not allowed in this chat');
  return text;
}

export function checkSlowMode(lastMessageAt: Date | null, now: Date, slowModeSeconds: number): void {
  if (slowModeSeconds === 0 || !lastMessageAt) return;
  const waitMs = lastMessageAt.getTime() + slowModeSeconds * 1000 - now.getTime();
  if (waitMs > 0) {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new AppError('SLOW_MODE', `Slow mode is on: wait ${retryAfterSeconds} s before your next message`, { retryAfterSeconds });
  }
}

/** The senders of one channel by id, with their role there and the database clock (one statement for any number). */
export async function readSenders(q: Queryable, channelId: string, viewerIds: readonly string[]): Promise<Map<string, Sender>> {
  const rows = await q<Sender[]>`
    select v.id, v.kind, v.user_id, v.display_name, v.device_hash, v.last_message_at,
      coalesce(u.email_verified_at is not null, false) as email_verified,
      case
        when v.user_id is not null and v.user_id = c.owner_id then 'streamer'
        when exists (select 1 from moderators m where m.channel_id = v.channel_id and m.user_id = v.user_id) then 'moderator'
        else 'viewer'
      end as role,
      clock_timestamp() as now
    from viewers v
    join channels c on c.id = v.channel_id
    left join users u on u.id = v.user_id
    where v.channel_id = ${channelId} and v.id = any(${[...viewerIds]}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row]));
}

/** The ban in force against each of these viewers (as activeBanOfViewer decides it), by viewer id; one statement. */
export async function activeBansOfViewers(q: Queryable, channelId: string, viewerIds: readonly string[]): Promise<Map<string, ActiveBan>> {
  const rows = await q<(ActiveBan & { viewerId: string })[]>`
    select distinct on (v.id) v.id as viewer_id, b.id, b.reason, b.expires_at
    from viewers v
    join bans b on b.channel_id = ${channelId} and b.lifted_at is null and (b.expires_at is null or b.expires_at > now())
      and (b.viewer_id = v.id or b.user_id = v.user_id or b.device_hash = v.device_hash)
    where v.id = any(${[...viewerIds]}::uuid[])
    order by v.id, b.expires_at desc nulls first`;
  return new Map(rows.map(({ viewerId, ...ban }) => [viewerId, ban]));
}
