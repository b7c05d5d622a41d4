import type { ChatIdentity, JoinChatBody, ViewerStanding } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import { AppError, isUniqueViolation } from '../../errors';
import { type Actor, GUEST_TOKEN_PREFIX } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import { hashToken, newOpaqueToken } from '../auth/opaque-tokens';
import type { FeatureDeps } from '../deps';
import { activeBan, activeBanOfViewer, readBlockedTerms } from '../moderation/checks';
import { nameKey } from '../moderation/normalize';
import { nameNotAllowed } from '../moderation/platform-terms';
import { bannedError } from './banned';
import { type DisplayName, displayName } from './display-name';
import { toViewer, type ViewerRow } from './viewer-view';

export interface JoinResult {
  identity: ChatIdentity;
  /** False when the caller already had an identity in this channel and got it back. */
  created: boolean;
}

/** A name the joiner chose: the protocol's bounds. An account's own name is taken as it is. */
const CHOSEN = { min: 2, max: 32 };
const ACCOUNT = { min: 1, max: 64 };

const nameTaken = () =>
  new AppError('DISPLAY_NAME_TAKEN', 'Someone in this chat already uses that name (or one that looks the same). Choose another.');

/**
 * Chat identities: a guest (chosen name, server-issued guest token) or an account, one per
 * channel. Joining again with the same credential answers the identity already held.
 */
export class ViewerService {
  constructor(private readonly deps: FeatureDeps) {}

  /**
   * The caller's identity in the channel and the ban in force against it, read without a lock: a
   * widget asks on load, so a banned viewer learns it before typing or choosing an amount.
   */
  async standing(channel: ChannelInfo, actor: Actor): Promise<ViewerStanding> {
    if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in or join the chat as a guest first');
    const viewerId = actor.viewerId;
    if (!viewerId) throw new AppError('NOT_FOUND', 'You have not joined this chat');
    const sql = this.deps.sql;
    const [[row], ban] = await Promise.all([
      sql<ViewerRow[]>`select * from viewers where id = ${viewerId} and channel_id = ${channel.id}`,
      activeBanOfViewer(sql, channel.id, viewerId),
    ]);
    if (!row) throw new AppError('NOT_FOUND', 'You have not joined this chat');
    return { viewer: toViewer(row), ban: ban ? { expiresAt: ban.expiresAt?.toISOString() ?? null } : null };
  }

  /** `credential` is the bearer token the caller presented, if any (a guest's own token). */
  async join(channel: ChannelInfo, actor: Actor, body: JoinChatBody, credential: string | undefined): Promise<JoinResult> {
    if (actor.role === 'overlay' || actor.role === 'api') {
      throw new AppError('FORBIDDEN', 'Overlay and API keys cannot join the chat; sign in or join as a guest');
    }
    const deviceToken = body.deviceToken ?? newOpaqueToken();
    const device = { token: deviceToken, hash: hashToken(deviceToken) };
    if (actor.userId) return this.joinAsAccount(channel, actor.userId, body, device);
    if (actor.viewerId && credential?.startsWith(GUEST_TOKEN_PREFIX)) return this.rejoinAsGuest(actor.viewerId, credential, device);
    return this.joinAsGuest(channel, body, device);
  }

  private async joinAsAccount(channel: ChannelInfo, userId: string, body: JoinChatBody, device: Device): Promise<JoinResult> {
    const existing = await this.touchDevice({ userId, channelId: channel.id }, device);
    if (existing) return { identity: identity(existing, null, device), created: false };
    try {
      const row = await this.deps.sql.begin(async (tx) => {
        const [user] = await tx<{ displayName: string }[]>`select display_name from users where id = ${userId}`;
        const name = body.displayName !== undefined ? displayName(body.displayName, CHOSEN) : displayName(user?.displayName ?? '', ACCOUNT);
        // The streamer may chat under the channel's own name, and is not held to their own list; nobody else may.
        if (userId !== channel.ownerId) {
          await refuseBlockedName(tx, channel, name);
          await refuseReserved(tx, channel, name, false);
        }
        return insertViewer(tx, channel, { kind: 'account', userId, name, tokenHash: null, deviceHash: device.hash });
      });
      return { identity: identity(row, null, device), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Two joins of one account raced and the other made the identity: answer it. (Which
      // unique index trips first is Postgres's choice, so the name index can report this too.)
      const raced = await this.touchDevice({ userId, channelId: channel.id }, device);
      if (raced) return { identity: identity(raced, null, device), created: false };
      if (isUniqueViolation(error, 'viewers_channel_name_key')) throw nameTaken();
      throw error;
    }
  }

  private async rejoinAsGuest(viewerId: string, guestToken: string, device: Device): Promise<JoinResult> {
    const row = await this.touchDevice({ viewerId }, device);
    if (!row) throw new AppError('TOKEN_INVALID', 'This guest token is not valid for this channel');
    return { identity: identity(row, guestToken, device), created: false };
  }

  private async joinAsGuest(channel: ChannelInfo, body: JoinChatBody, device: Device): Promise<JoinResult> {
    if (body.displayName === undefined) {
      throw new AppError('VALIDATION_FAILED', 'The request is not valid', [
        { path: 'body.displayName', message: 'Guests must choose a display name' },
      ]);
    }
    const name = displayName(body.displayName, CHOSEN);
    // Before the transaction: a refused name costs one indexed read, no transaction.
    await refuseBlockedName(this.deps.sql, channel, name);
    const guestToken = `${GUEST_TOKEN_PREFIX}${newOpaqueToken()}`;
    try {
      const row = await this.deps.sql.begin(async (tx) => {
        // A banned guest's device cannot come back under a new name.
        const ban = await activeBan(tx, channel.id, { deviceHash: device.hash });
        if (ban) throw bannedError(ban.expiresAt);
        await refuseReserved(tx, channel, name, true);
        return insertViewer(tx, channel, { kind: 'guest', userId: null, name, tokenHash: hashToken(guestToken), deviceHash: device.hash });
      });
      return { identity: identity(row, guestToken, device), created: true };
    } catch (error) {
      if (isUniqueViolation(error, 'viewers_channel_name_key')) throw nameTaken();
      throw error;
    }
  }

  /**
   * The identity held already, now remembered as used from this device (a later ban then covers
   * the device it chats from); null if there is none.
   */
  private async touchDevice(held: { viewerId: string } | { userId: string; channelId: string }, device: Device): Promise<ViewerRow | null> {
    const where =
      'viewerId' in held
        ? this.deps.sql`id = ${held.viewerId}`
        : this.deps.sql`user_id = ${held.userId} and channel_id = ${held.channelId}`;
    const [row] = await this.deps.sql<ViewerRow[]>`update viewers set device_hash = ${device.hash} where ${where} returning *`;
    return row ?? null;
  }
}

interface Device {
  token: string;
  hash: string;
}

interface NewViewer {
  kind: 'guest' | 'account';
  userId: string | null;
  name: DisplayName;
  tokenHash: string | null;
  deviceHash: string;
}

async function insertViewer(tx: TransactionSql, channel: ChannelInfo, viewer: NewViewer): Promise<ViewerRow> {
  const [row] = await tx<ViewerRow[]>`
    insert into viewers (channel_id, kind, user_id, display_name, name_key, token_hash, device_hash)
    values (${channel.id}, ${viewer.kind}, ${viewer.userId}, ${viewer.name.name}, ${viewer.name.key}, ${viewer.tokenHash}, ${viewer.deviceHash})
    returning *`;
  if (!row) throw new Error('tipchat: viewer insert returned nothing');
  return row;
}

/** A chat name that hits the channel's blocked terms is refused like a message would be (the platform's list: displayName). */
async function refuseBlockedName(q: Queryable, channel: ChannelInfo, name: DisplayName): Promise<void> {
  if ((await readBlockedTerms(q, channel.id)).firstIn(name.name) !== null) throw nameNotAllowed('displayName');
}

/**
 * Nobody but the streamer may look like the channel itself; guests may not look like the
 * streamer's or a moderator's account either (accounts are who they are, and may share a name).
 */
async function refuseReserved(tx: TransactionSql, channel: ChannelInfo, name: DisplayName, guest: boolean): Promise<void> {
  const [row] = await tx<{ channelName: string; staffNames: string[] }[]>`
    select c.display_name as channel_name,
      array(select u.display_name from users u where u.id = c.owner_id
            union select u.display_name from moderators m join users u on u.id = m.user_id where m.channel_id = c.id) as staff_names
    from channels c where c.id = ${channel.id}`;
  const reserved = [row?.channelName ?? '', ...(guest ? (row?.staffNames ?? []) : [])];
  if (reserved.some((taken) => nameKey(taken) === name.key)) throw nameTaken();
}

function identity(row: ViewerRow, guestToken: string | null, device: Device): ChatIdentity {
  return { viewer: toViewer(row), guestToken, deviceToken: device.token };
}
