import type { RegistrationPolicy } from '../../config';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import { hashToken } from './opaque-tokens';

/** Any fixed number: registrations of an invite/closed install take turns deciding who is the first account. */
const FIRST_ACCOUNT_LOCK_KEY = 7_316_240_010;

export interface Admission {
  role: 'streamer' | 'admin';
  /** The hash of the invite this registration spent, if any. */
  inviteHash: string | null;
}

/**
 * Decides, inside the registering transaction, whether the policy lets this registration in. The first account of
 * an invite or closed install is let in without an invite and becomes its admin; in invite mode everyone after it
 * needs an unused, unexpired invite, which is spent here (also when the address turns out to have an account, so the
 * invite's fate does not tell its holder who is registered). Nothing here depends on whether the address exists.
 */
export async function admit(tx: TransactionSql, policy: RegistrationPolicy, invite: string | undefined): Promise<Admission> {
  if (policy === 'open') return { role: 'streamer', inviteHash: null };
  await tx`select pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK_KEY})`;
  const [state] = await tx<{ first: boolean }[]>`select not exists (select 1 from users) as first`;
  if (state?.first) return { role: 'admin', inviteHash: null };
  if (policy === 'closed') {
    throw new AppError('REGISTRATION_CLOSED', 'Registration is closed on this server: ask its operator for an account');
  }
  if (!invite) throw new AppError('INVITE_REQUIRED', 'Registration on this server needs an invite: ask its operator for an invite link');
  const inviteHash = hashToken(invite);
  const spent = await tx`
    update registration_invites set used_at = now()
    where token_hash = ${inviteHash} and used_at is null and expires_at > now()
    returning token_hash`;
  if (spent.length === 0) throw new AppError('INVITE_INVALID', 'This invite is invalid, used or expired: ask for a new one');
  return { role: 'streamer', inviteHash };
}
