import type { Sql } from '../../db/connection';
import { hashToken, newOpaqueToken } from '../auth/opaque-tokens';

export const DEFAULT_INVITE_HOURS = 7 * 24;

/** Makes a one-time registration invite; the token is returned once, only its hash is stored. */
export async function createInvite(
  sql: Sql,
  createdBy: string | null,
  publicUrl: string,
  hours = DEFAULT_INVITE_HOURS,
): Promise<{ token: string; link: string; expiresAt: string }> {
  const token = newOpaqueToken();
  const [row] = await sql<{ expiresAt: Date }[]>`
    insert into registration_invites (token_hash, created_by, expires_at)
    values (${hashToken(token)}, ${createdBy}, now() + make_interval(hours => ${hours}))
    returning expires_at`;
  if (!row) throw new Error('tipchat: invite insert returned nothing');
  return { token, link: `${publicUrl}/dashboard/register?invite=${encodeURIComponent(token)}`, expiresAt: row.expiresAt.toISOString() };
}
