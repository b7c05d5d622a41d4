import type { Queryable, Sql } from '../../db/connection';
import { hashToken, newOpaqueToken } from './opaque-tokens';

/** Starts a login session and hands out its first refresh token. */
export async function openSession(sql: Queryable, userId: string, ttlSeconds: number, userAgent: string | undefined) {
  const [session] = await sql<{ id: string }[]>`
    insert into auth_sessions (user_id, expires_at, user_agent)
    values (${userId}, now() + make_interval(secs => ${ttlSeconds}), ${userAgent?.slice(0, 256) ?? null})
    returning id`;
  if (!session) throw new Error('tipchat: session insert returned nothing');
  const refreshToken = newOpaqueToken();
  await sql`insert into refresh_tokens (token_hash, session_id) values (${hashToken(refreshToken)}, ${session.id})`;
  return { sessionId: session.id, refreshToken };
}

export type RotationResult =
  | { kind: 'rotated'; userId: string; sessionId: string; refreshToken: string }
  | { kind: 'invalid' }
  | { kind: 'reused' };

/**
 * Swaps a refresh token for a new one in the same session. Presenting a token that was already
 * swapped means it leaked (or was replayed): the whole session is revoked, the thief's copy and
 * the owner's newer one alike.
 */
export function rotateRefreshToken(sql: Sql, refreshToken: string): Promise<RotationResult> {
  return sql.begin(async (tx): Promise<RotationResult> => {
    const [found] = await tx<{ sessionId: string; userId: string; usedAt: Date | null; live: boolean }[]>`
      select t.session_id, s.user_id, t.used_at, (s.revoked_at is null and s.expires_at > now()) as live
      from refresh_tokens t join auth_sessions s on s.id = t.session_id
      where t.token_hash = ${hashToken(refreshToken)}
      for update of t`;
    if (!found?.live) return { kind: 'invalid' };
    if (found.usedAt !== null) {
      await tx`update auth_sessions set revoked_at = now(), revoke_reason = 'refresh_token_reuse' where id = ${found.sessionId} and revoked_at is null`;
      return { kind: 'reused' };
    }
    await tx`update refresh_tokens set used_at = now() where token_hash = ${hashToken(refreshToken)}`;
    const next = newOpaqueToken();
    await tx`insert into refresh_tokens (token_hash, session_id) values (${hashToken(next)}, ${found.sessionId})`;
    return { kind: 'rotated', userId: found.userId, sessionId: found.sessionId, refreshToken: next };
  });
}

export async function revokeSessionByRefreshToken(sql: Queryable, refreshToken: string): Promise<boolean> {
  const rows = await sql`
    update auth_sessions set revoked_at = now(), revoke_reason = 'logout'
    where revoked_at is null and id = (select session_id from refresh_tokens where token_hash = ${hashToken(refreshToken)})
    returning id`;
  return rows.length > 0;
}

/** Ends every session of a user, optionally keeping the one making the request. */
export async function revokeAllSessions(sql: Queryable, userId: string, reason: string, keepSessionId?: string) {
  await sql`
    update auth_sessions set revoked_at = now(), revoke_reason = ${reason}
    where user_id = ${userId} and revoked_at is null and id <> ${keepSessionId ?? '00000000-0000-0000-0000-000000000000'}`;
}
