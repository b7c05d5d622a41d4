import type { ChatHistory, ChatMessage, ChatRole, ChatSettings } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { activeBan, findBlockedTerm } from '../moderation/checks';
import { bannedError } from '../viewers/banned';
import { ViewerService } from '../viewers/service';
import { DEFAULT_FLOOD_LIMITS, FloodLimiter, type FloodLimits } from './flood/limiter';
import { containsLink } from './links';
import { MessageActions } from './message-actions';
import { findMessage, type MessageRow, messageSelect, toChatMessage } from './message-view';
import { ChatSettingsService, readChatState } from './settings-service';
import { cleanText, codePointLength } from './text';

export interface ChatOptions {
  flood?: FloodLimits;
}

/** The sender, locked for the rest of the send so that one viewer's sends take turns. */
interface Sender {
  id: string;
  kind: 'guest' | 'account';
  userId: string | null;
  displayName: string;
  deviceHash: string | null;
  lastMessageAt: Date | null;
  emailVerified: boolean;
  role: ChatRole;
  /** The database clock once the lock is held: slow mode measures from it, the message is stamped with it. */
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
   */
  async send(channel: ChannelInfo, actor: Actor, raw: string, ip: string): Promise<ChatMessage> {
    if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in or join the chat as a guest first');
    const viewerId = actor.viewerId;
    if (!viewerId) throw new AppError('FORBIDDEN', 'Join the chat first');
    return this.deps.events.transaction(async (tx, events) => {
      const sender = await lockSender(tx, channel.id, viewerId);
      if (!sender) throw new AppError('FORBIDDEN', 'Join the chat first');
      const { settings } = await readChatState(tx, channel.id);
      const staff = sender.role !== 'viewer';

      if (!settings.enabled && !staff) throw new AppError('CHAT_DISABLED', 'Chat is turned off in this channel');
      if (settings.signedInOnly && sender.kind === 'guest') {
        throw new AppError('SIGN_IN_REQUIRED', 'Only signed-in viewers can chat in this channel');
      }
      if (settings.verifiedOnly && !sender.emailVerified) {
        throw new AppError('VERIFIED_EMAIL_REQUIRED', 'Only viewers with a verified email can chat in this channel');
      }
      const ban = await activeBan(tx, channel.id, { viewerId, userId: sender.userId, deviceHash: sender.deviceHash });
      if (ban) throw bannedError(ban.expiresAt);
      const text = checkedText(raw, settings);
      // The term stays unnamed: telling a spammer which word tripped the filter teaches them to dodge it.
      if (await findBlockedTerm(tx, channel.id, text)) {
        throw new AppError('BLOCKED_TERM', 'This message contains a term this channel does not allow');
      }
      if (!staff) checkSlowMode(sender, settings.slowModeSeconds);
      await this.flood.hit(viewerId, ip);

      return store(tx, channel, sender, text, async (message) => (await events.append(channel.id, 'chat.message', message, 'public')).seq);
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

async function lockSender(tx: TransactionSql, channelId: string, viewerId: string): Promise<Sender | null> {
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
    where v.id = ${viewerId} and v.channel_id = ${channelId}
    for update of v`;
  return row ?? null;
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

function checkSlowMode(sender: Sender, slowModeSeconds: number): void {
  if (slowModeSeconds === 0 || !sender.lastMessageAt) return;
  const waitMs = sender.lastMessageAt.getTime() + slowModeSeconds * 1000 - sender.now.getTime();
  if (waitMs > 0) {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new AppError('SLOW_MODE', `Slow mode is on: wait ${retryAfterSeconds} s before your next message`, { retryAfterSeconds });
  }
}

/**
 * Writes the message with the sequence of the event that announces it. The event carries the
 * message, seq included, so the seq is taken first: locking the channel row holds the log for
 * this transaction, and the append then hands out exactly that number.
 */
async function store(
  tx: TransactionSql,
  channel: ChannelInfo,
  sender: Sender,
  text: string,
  announce: (message: ChatMessage) => Promise<number>,
): Promise<ChatMessage> {
  const [head] = await tx<{ lastEventSeq: number }[]>`select last_event_seq from channels where id = ${channel.id} for update`;
  const seq = (head?.lastEventSeq ?? 0) + 1;
  const [row] = await tx<{ id: string }[]>`
    insert into chat_messages (channel_id, viewer_id, seq, text, created_at)
    values (${channel.id}, ${sender.id}, ${seq}, ${text}, ${sender.now}) returning id`;
  if (!row) throw new Error('tipchat: chat message insert returned nothing');
  await tx`update viewers set last_message_at = ${sender.now} where id = ${sender.id}`;
  const message: ChatMessage = {
    id: row.id,
    channelId: channel.id,
    seq,
    author: { viewerId: sender.id, displayName: sender.displayName, kind: sender.kind, role: sender.role },
    text,
    createdAt: sender.now.toISOString(),
  };
  const announced = await announce(message);
  if (announced !== seq) throw new Error(`tipchat: chat message ${row.id} expected event ${seq}, got ${announced}`);
  return message;
}
