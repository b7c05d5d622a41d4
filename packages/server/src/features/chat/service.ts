import { randomUUID } from 'node:crypto';
import type { ChatHistory, ChatMessage } from '@tipchat/sdk/protocol';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import type { FeatureDeps } from '../deps';
import { claimKey, keyInUse } from '../idempotency/store';
import { activeBanOfViewer, readBlockedTerms } from '../moderation/checks';
import { bannedError } from '../viewers/banned';
import { ViewerService } from '../viewers/service';
import { DEFAULT_FLOOD_LIMITS, FloodLimiter, type FloodLimits } from './flood/limiter';
import { MessageActions } from './message-actions';
import { findMessage, type MessageRow, messageSelect, toChatMessage } from './message-view';
import { postChatMessage } from './post-message';
import { type SendOutcome, type SendRequest, settleBatch, writeSendBatch } from './send-batch';
import { checkSend, checkSlowMode, readSenders } from './send-checks';
import { SendQueue } from './send-queue';
import { firstAnswer, type SendKey, SendKeyTaken, sendKey } from './send-replay';
import { ChatSettingsService, readChatState } from './settings-service';

export interface ChatOptions {
  flood?: FloodLimits;
  /** The most sends of one channel written in one transaction (see SendQueue). */
  maxBatch?: number;
}

/** Enough to carry a busy channel's sends of a few milliseconds; small enough for one statement each. */
const DEFAULT_MAX_BATCH = 64;

/**
 * Live chat of a channel: joining, sending (REST and socket alike go through `send`), history,
 * and, through `settings` and `messages`, the channel's chat settings and message moderation.
 */
export class ChatService {
  readonly viewers: ViewerService;
  readonly settings: ChatSettingsService;
  readonly messages: MessageActions;
  private readonly flood: FloodLimiter;
  private readonly queue: SendQueue<SendRequest, SendOutcome>;

  constructor(
    readonly deps: FeatureDeps,
    options: ChatOptions = {},
  ) {
    this.viewers = new ViewerService(deps);
    this.settings = new ChatSettingsService(deps);
    this.messages = new MessageActions(deps);
    this.flood = FloodLimiter.create(deps.redis, deps.config.redis?.keyPrefix ?? '', options.flood ?? DEFAULT_FLOOD_LIMITS);
    this.queue = new SendQueue({
      channelOf: (request) => request.channel.id,
      senderOf: (request) => request.viewerId,
      write: (batch) =>
        settleBatch(batch, {
          together: (channel, requests) => writeSendBatch(this.deps.events, channel, requests),
          alone: (request) => this.writeOne(request),
        }),
      maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH,
    });
  }

  /**
   * The flood limit first, before any transaction: a refused flood costs two counter hits and no
   * database work, so one flooding client cannot slow everyone else's sends. Then the checks in a
   * fixed order, each refusal with its own code; a refused send stores nothing. The message, the
   * sender's last-message time, the idempotency key and the 'chat.message' event commit together.
   *
   * With an idempotency key (the Idempotency-Key header, or chat:send's clientMessageId) a retry
   * answers with the first message and never stores a second. The order is deliberate: the flood
   * check does not look the key up first (that would be a database read on every send of a
   * flood), so a retry counts as a send, as it should — a client retrying in a loop is flooding.
   * Only when a keyed send is refused — by the flood limit or any later check — is the key looked
   * up, and an accepted first send is answered as it was instead of the refusal: a retry never
   * loses the answer to its own first attempt (to slow mode, a 429, a ban since).
   */
  async send(channel: ChannelInfo, actor: Actor, raw: string, ip: string, idempotencyKey?: string): Promise<ChatMessage> {
    if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in or join the chat as a guest first');
    const viewerId = actor.viewerId;
    if (!viewerId) throw new AppError('FORBIDDEN', 'Join the chat first');
    const sent = sendKey(channel.id, viewerId, idempotencyKey, raw);
    try {
      await this.flood.hit(viewerId, ip);
    } catch (refusal) {
      return this.answerFromKey(sent, refusal);
    }
    let written: SendOutcome;
    try {
      written = await this.queue.send({ channel, viewerId, raw, sent });
    } catch (error) {
      // A send that stored nothing gives its flood hit back: a refused message (a link, slow mode) can be fixed and
      // sent again without eating the allowance. Only flood refusals themselves stay counted, at no cost.
      await this.flood.giveBack(viewerId, ip);
      return this.answerFromKey(sent, error);
    }
    // A retry answered from its key stored nothing either.
    if (!written.stored) await this.flood.giveBack(viewerId, ip);
    return written.message;
  }

  /**
   * A refused keyed send may be the retry of one already accepted: then its first message is the
   * answer, not the refusal (one indexed read, only on this path). Otherwise the refusal stands.
   */
  private async answerFromKey(sent: SendKey | null, refusal: unknown): Promise<ChatMessage> {
    if (!sent || !(refusal instanceof AppError || refusal instanceof SendKeyTaken)) throw refusal;
    if (refusal instanceof AppError && refusal.code === 'IDEMPOTENCY_KEY_REUSED') throw refusal;
    let first: ChatMessage | null;
    try {
      first = await firstAnswer(this.deps.sql, sent);
    } catch (lookup) {
      // The key's own verdict (reused, in use) wins; a failed lookup leaves the refusal standing.
      throw lookup instanceof AppError ? lookup : refusal;
    }
    if (first) return first;
    // Taken under the lock but gone by now (expired meanwhile): the client may try again with the key.
    if (refusal instanceof SendKeyTaken) throw keyInUse();
    throw refusal;
  }

  /**
   * The single write, and the fallback of a batch that met a conflict under the lock. The checks
   * read without locks; then the channel is locked (lock order, step 1) and, after it, the
   * sender's row, whose slow-mode clock and ban are checked once more against whatever committed
   * meanwhile. So the channel is held for the write alone, not for the checks. The key is looked
   * up with the reads and claimed with the stamp: no round trip of its own.
   */
  private writeOne({ channel, viewerId, raw, sent }: SendRequest): Promise<SendOutcome> {
    return this.deps.events.transaction(async (tx, events) => {
      // Everything the checks read, sent at once: one round trip.
      const [senders, { settings }, ban, terms, earlier] = await Promise.all([
        readSenders(tx, channel.id, [viewerId]),
        readChatState(tx, channel.id),
        activeBanOfViewer(tx, channel.id, viewerId),
        readBlockedTerms(tx, channel.id),
        sent ? firstAnswer(tx, sent) : null,
      ]);
      // A retry of a send that committed earlier: the first answer, nothing written.
      if (earlier) return { message: earlier, stored: false };
      const { sender, text, slowModeSeconds } = checkSend(senders.get(viewerId) ?? null, settings, ban, terms, raw);

      await events.lock(channel.id);
      const messageId = randomUUID();
      // Again under the locks: a ban, or another send of this viewer, may have committed since the reads.
      // The key's claim waits for a concurrent send with the same key (the primary key) and fails once it committed.
      const [clock, banned, claimed] = await Promise.all([
        stampSender(tx, sender.id, slowModeSeconds),
        activeBanOfViewer(tx, channel.id, sender.id),
        sent ? claimKey(tx, { ...sent, chatMessageId: messageId }) : true,
      ]);
      if (!claimed) throw new SendKeyTaken();
      if (banned) throw bannedError(banned.expiresAt);
      if (!clock.stamped) checkSlowMode(clock.lastMessageAt, clock.now, slowModeSeconds);
      const message = await postChatMessage(tx, events, {
        id: messageId,
        channelId: channel.id,
        viewerId: sender.id,
        text,
        createdAt: clock.now,
      });
      return { message, stored: true };
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
