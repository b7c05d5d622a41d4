import type { ApiKeyScope } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';
import type { AccessTokens } from '../auth/access-tokens';
import { hashToken } from '../auth/opaque-tokens';

/** Prefixes make a credential's kind visible at a glance (and in secret scanners). */
export const GUEST_TOKEN_PREFIX = 'tcg_';
export const OVERLAY_KEY_PREFIX = 'tco_';
export const API_KEY_PREFIX = 'tck_';

export type ActorRole = 'anonymous' | 'viewer' | 'moderator' | 'streamer' | 'overlay' | 'api';

/** Who is acting in one channel, resolved from whatever credential they presented. */
export interface Actor {
  role: ActorRole;
  /** The account behind the actor (streamer, moderator, signed-in viewer, API key's creator). */
  userId: string | null;
  emailVerified: boolean;
  /** Their chat identity in this channel, once they joined the chat. */
  viewerId: string | null;
  /** API keys are limited to their scopes; people are limited by role alone. */
  scopes: ReadonlySet<ApiKeyScope> | 'all';
}

export interface ChannelRef {
  id: string;
  ownerId: string;
}

/** A caller without a credential. */
export const ANONYMOUS: Actor = { role: 'anonymous', userId: null, emailVerified: false, viewerId: null, scopes: 'all' };

export const isStaff = (actor: Actor) => ['streamer', 'moderator', 'overlay', 'api'].includes(actor.role);

/** Streamers and moderators, and API keys with the moderation scope. */
export function canModerate(actor: Actor): boolean {
  if (actor.role === 'streamer' || actor.role === 'moderator') return true;
  return actor.role === 'api' && actor.scopes !== 'all' && actor.scopes.has('moderation');
}

export function requireModerator(actor: Actor): void {
  if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (!canModerate(actor)) throw new AppError('FORBIDDEN', 'Only the streamer and moderators can do this');
}

export function requireStreamer(actor: Actor): void {
  if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (actor.role !== 'streamer') throw new AppError('FORBIDDEN', 'Only the channel owner can do this');
}

/** The bearer credential of an Authorization header, if any. */
export function bearerOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('TOKEN_INVALID', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}

/**
 * Resolves a credential against one channel. A credential for another channel is refused, not
 * downgraded: a guest token from channel A must not quietly act as anonymous in channel B.
 */
export async function resolveActor(q: Queryable, tokens: AccessTokens, channel: ChannelRef, token: string | undefined): Promise<Actor> {
  if (!token) return ANONYMOUS;

  if (token.startsWith(GUEST_TOKEN_PREFIX)) {
    const [viewer] = await q<
      { id: string; channelId: string }[]
    >`select id, channel_id from viewers where token_hash = ${hashToken(token)}`;
    if (!viewer || viewer.channelId !== channel.id) throw new AppError('TOKEN_INVALID', 'This guest token is not valid for this channel');
    return { role: 'viewer', userId: null, emailVerified: false, viewerId: viewer.id, scopes: 'all' };
  }

  if (token.startsWith(OVERLAY_KEY_PREFIX)) {
    const [match] = await q`select 1 from channels where id = ${channel.id} and overlay_key_hash = ${hashToken(token)}`;
    if (!match) throw new AppError('TOKEN_INVALID', 'This overlay key is not valid (it may have been rotated)');
    return { role: 'overlay', userId: null, emailVerified: false, viewerId: null, scopes: new Set(['events:read']) };
  }

  if (token.startsWith(API_KEY_PREFIX)) {
    const [key] = await q<{ id: string; createdBy: string; scopes: ApiKeyScope[] }[]>`
      update api_keys set last_used_at = now()
      where key_hash = ${hashToken(token)} and channel_id = ${channel.id} and revoked_at is null
      returning id, created_by, scopes`;
    if (!key) throw new AppError('TOKEN_INVALID', 'This API key is not valid for this channel');
    return { role: 'api', userId: key.createdBy, emailVerified: true, viewerId: null, scopes: new Set(key.scopes) };
  }

  const claims = await tokens.verify(token);
  const [row] = await q<
    { status: string; revokedAt: Date | null; emailVerifiedAt: Date | null; isModerator: boolean; viewerId: string | null }[]
  >`
    select u.status, s.revoked_at, u.email_verified_at,
      exists (select 1 from moderators m where m.channel_id = ${channel.id} and m.user_id = u.id) as is_moderator,
      (select v.id from viewers v where v.channel_id = ${channel.id} and v.user_id = u.id) as viewer_id
    from auth_sessions s join users u on u.id = s.user_id
    where s.id = ${claims.sessionId} and u.id = ${claims.userId}`;
  if (!row || row.revokedAt !== null) throw new AppError('TOKEN_INVALID', 'This session has ended; sign in again');
  if (row.status !== 'active') throw new AppError('ACCOUNT_RESTRICTED', 'This account is restricted');
  const role: ActorRole = claims.userId === channel.ownerId ? 'streamer' : row.isModerator ? 'moderator' : 'viewer';
  return { role, userId: claims.userId, emailVerified: row.emailVerifiedAt !== null, viewerId: row.viewerId, scopes: 'all' };
}
