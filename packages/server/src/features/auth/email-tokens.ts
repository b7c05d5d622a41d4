import type { Queryable } from '../../db/connection';
import { hashToken, newOpaqueToken } from './opaque-tokens';

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

const LIFETIME_SECONDS: Record<EmailTokenPurpose, number> = {
  verify_email: 24 * 3600,
  reset_password: 3600,
};

/** Issues a one-time token for a mail link; earlier unused tokens of the same purpose stop working. */
export async function issueEmailToken(sql: Queryable, userId: string, email: string, purpose: EmailTokenPurpose): Promise<string> {
  const token = newOpaqueToken();
  await sql`update email_tokens set used_at = now() where user_id = ${userId} and purpose = ${purpose} and used_at is null`;
  await sql`
    insert into email_tokens (token_hash, user_id, purpose, email, expires_at)
    values (${hashToken(token)}, ${userId}, ${purpose}, ${email}, now() + make_interval(secs => ${LIFETIME_SECONDS[purpose]}))`;
  return token;
}

/** Spends a token: returns its user and address once, or null if unknown, used or expired. */
export async function consumeEmailToken(
  sql: Queryable,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<{ userId: string; email: string } | null> {
  const [row] = await sql<{ userId: string; email: string }[]>`
    update email_tokens set used_at = now()
    where token_hash = ${hashToken(token)} and purpose = ${purpose} and used_at is null and expires_at > now()
    returning user_id, email`;
  return row ?? null;
}
