import type { ChatHistory, ChatMessage, ChatRole, ChatSettings } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { activeBanOfViewer, readBlockedTerms } from '../moderation/checks';
import { bannedError } from '../viewers/banned';
import { ViewerService } from '../viewers/service';
import { DEFAULT_FLOOD_LIMITS, FloodLimiter, type FloodLimits } from './flood/limiter';
import { containsLink } from './links';
import { MessageActions } from './message-actions';
import { findMessage, type MessageRow, messageSelect, toChatMessage } from './message-view';
import { postChatMessage } from './post-message';
import { ChatSettingsService, readChatState } from './settings-service';
import { cleanText, codePointLength } from './text';

export interface ChatOptions {
  flood?: FloodLimits;
}

/** The sender as the checks read them (no lock: the write re-checks what can change meanwhile). */
interface Sender {
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

/**
 * Live chat of a channel: joining, sending (REST and socket alike go through `send`), history,
 * and, through `settings` and `messages`, the channel's chat settings and message moderation.
 */
export class ChatService {
  readonly viewers: ViewerService;
  readonly settings: ChatSettingsService;
  readonly messages: MessageActions;
  private readonly flood: FloodLimiter;

  constructor(
    readonly deps: FeatureDeps,
    options: ChatOptions = {},
  ) {
    this.viewers = new ViewerService(deps.sql);
    this.settings = new ChatSettingsService(deps);
    this.messages = new MessageActions(deps);
    this.flood = FloodLimiter.create(deps.redis, deps.config.redis?.keyPrefix ?? '', options.flood ?? DEFAULT_FLOOD_LIMITS);
  }

  /**
   * Checks in a fixed order, each refusal with its own code; a refused send stores nothing. The
   * message, the sender's last-message time and the 'chat.message' event commit together.
   *
   * The checks read without locks; then the channel is locked (lock order, step 1) and, after
   * it, the sender's row, whose slow-mode clock and ban are checked once more against whatever
   * committed meanwhile. So the channel is held for the write alone, not for the checks.
   */
  async send(channel: ChannelInfo, actor: Actor, raw: string, ip: string): Promise<ChatMessage> {
    if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in or join the chat as a guest first');
    const viewerId = actor.viewerId;
    if (!viewerId) throw new AppError('FORBIDDEN', 'Join the chat first');
    return this.deps.events.transaction(async (tx, events) => {
      // Everything the checks read, sent at once: one round trip.
      const [sender, { settings }, ban, terms] = await Promise.all([
        readSender(tx, channel.id, viewerId),
        readChatState(tx, channel.id),
        activeBanOfViewer(tx, channel.id, viewerId),
        readBlockedTerms(tx, channel.id),
      ]);
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
      await this.flood.hit(viewerId, ip);

      await events.lock(channel.id);
      // Again under the locks: a ban, or another send of this viewer, may have committed since the reads.
      const [clock, banned] = await Promise.all([
        stampSender(tx, sender.id, slowModeSeconds),
        activeBanOfViewer(tx, channel.id, sender.id),
      ]);
      if (banned) throw bannedError(banned.expiresAt);
      if (!clock.stamped) checkSlowMode(clock.lastMessageAt, clock.now, slowModeSeconds);
      return postChatMessage(tx, events, { channelId: channel.id, viewerId: sender.id, text, createdAt: clock.now });
    });
  }

  /** Newest page first; within a page oldest first. Cursors are sequences, so pages never shift. */
  async history(channel: ChannelInfo, query: { before?: number | undefined; limit: number }): Promise<ChatHistory> {
    const sql = this.deps.sql;
    const state = await readChatState(sql, channel.id);
    const rows = await sql<MessageRow[]>`
      ${messageSelect(sql)}
      where m.channel_id = ${channel.id} and m.deleted_at is null and m.seq > ${state.clearedBeforeSeq}
        ${query.before === undefined ? sql`` : sql`and m.seq < ${query.before}`}
      order by m.seq desc
      limit ${query.limit + 1}`;
    const page = rows.slice(0, query.limit).reverse();
    const pinned = state.pinnedMessageId ? await findMessage(sql, channel.id, state.pinnedMessageId) : null;
    return {
      messages: page.map(toChatMessage),
      nextCursor: rows.length > query.limit ? (page[0]?.seq ?? null) : null,
      pinned: pinned ? toChatMessage(pinned) : null,
    };
  }
}

async function readSender(tx: TransactionSql, channelId: string, viewerId: string): Promise<Sender | null> {
  const [row] = await tx<Sender[]>`
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
    where v.id = ${viewerId} and v.channel_id = ${channelId}`;
  return row ?? null;
}

interface SenderClock {
  /** False: slow mode refused the stamp; the times say how long is left. */
  stamped: boolean;
  lastMessageAt: Date | null;
  /** The database clock under the lock: the message is stamped with it. */
  now: Date;
}

/**
 * Locks the sender's row (after the channel: lock order, step 2) and moves their last-message
 * time to now, unless slow mode says it is too early — checked and written in one statement, so
 * two concurrent sends of one viewer cannot both pass.
 */
async function stampSender(tx: TransactionSql, viewerId: string, slowModeSeconds: number): Promise<SenderClock> {
  const [row] = await tx<{ stamped: boolean; lastMessageAt: Date | null; now: Date }[]>`
    with clock as (select clock_timestamp() as now),
    stamped as (
      update viewers v set last_message_at = clock.now from clock
      where v.id = ${viewerId}
        and (v.last_message_at is null or v.last_message_at + ${slowModeSeconds}::int * interval '1 second' <= clock.now)
      returning v.id
    )
    select exists (select 1 from stamped) as stamped, v.last_message_at, clock.now
    from viewers v, clock where v.id = ${viewerId}`;
  if (!row) throw new AppError('FORBIDDEN', 'Join the chat first');
  return row;
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

function checkSlowMode(lastMessageAt: Date | null, now: Date, slowModeSeconds: number): void {
  if (slowModeSeconds === 0 || !lastMessageAt) return;
  const waitMs = lastMessageAt.getTime() + slowModeSeconds * 1000 - now.getTime();
  if (waitMs > 0) {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new AppError('SLOW_MODE', `Slow mode is on: wait ${retryAfterSeconds} s before your next message`, { retryAfterSeconds });
  }
}
