import type { RegisterBody, Session } from '@tipchat/sdk/protocol';
import type { RegistrationPolicy } from '../../config';
import type { Sql } from '../../db/connection';
import { AppError } from '../../errors';
import type { MailQueue } from '../../mail/mail-queue';
import type { AccessTokens } from './access-tokens';
import { AUTH_MAIL } from './auth-mails';
import { consumeEmailToken } from './email-tokens';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords';
import { admit } from './registration';
import { openSession, revokeAllSessions, revokeSessionByRefreshToken, rotateRefreshToken } from './sessions';
import { toUser, type UserRow } from './user-row';

export interface AuthDeps {
  sql: Sql;
  mail: MailQueue;
  tokens: AccessTokens;
  refreshTokenTtl: number;
  registration: RegistrationPolicy;
}

export class AuthService {
  constructor(private readonly deps: AuthDeps) {}

  /**
   * Creates the account when the address is new; when it has one, mails its owner instead. Both cases do the same
   * work (a password hash, one insert attempt, one queued mail) and answer the same, so neither the answer nor its
   * timing tells the caller whether the address is registered. The caller signs in next to learn whether it may.
   */
  async register(body: RegisterBody): Promise<void> {
    const { sql, mail } = this.deps;
    const passwordHash = await hashPassword(body.password);
    await sql.begin(async (tx) => {
      const admission = await admit(tx, this.deps.registration, body.invite);
      const [created] = await tx<{ id: string }[]>`
        insert into users (email, password_hash, display_name, role)
        values (${body.email}, ${passwordHash}, ${body.displayName}, ${admission.role})
        on conflict (email) do nothing
        returning id`;
      if (created && admission.inviteHash) {
        await tx`update registration_invites set used_by = ${created.id} where token_hash = ${admission.inviteHash}`;
      }
      await mail.enqueue(tx, { kind: created ? AUTH_MAIL.verifyEmail : AUTH_MAIL.registerAttempt, to: body.email });
    });
    mail.wake();
  }

  /** Queues a verification link for the account at `email` (the mail queue skips it once the address is verified). */
  async sendVerification(user: Pick<UserRow, 'email'>) {
    await this.deps.mail.send({ kind: AUTH_MAIL.verifyEmail, to: user.email });
  }

  async verifyEmail(token: string) {
    const { sql } = this.deps;
    return sql.begin(async (tx) => {
      const spent = await consumeEmailToken(tx, token, 'verify_email');
      if (!spent) throw new AppError('VERIFICATION_TOKEN_INVALID', 'This verification link is invalid, used or expired; ask for a new one');
      // The token names the address it was sent to: after an email change, an old link must not verify the new address.
      const rows = await tx`
        update users set email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
        where id = ${spent.userId} and email = ${spent.email} returning id`;
      if (rows.length === 0) throw new AppError('VERIFICATION_TOKEN_INVALID', 'This link was for an earlier email address');
      return { verified: true as const, email: spent.email };
    });
  }

  /** Sends the link again; does the same work whether or not the address is registered (the queue decides). */
  async resendVerification(email: string) {
    await this.sendVerification({ email });
  }

  async login(email: string, password: string, userAgent: string | undefined): Promise<Session> {
    const [user] = await this.deps.sql<UserRow[]>`select * from users where email = ${email}`;
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
    if (!user || !ok) throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password');
    if (user.status !== 'active') throw new AppError('ACCOUNT_RESTRICTED', 'This account is restricted');
    const { sessionId, refreshToken } = await openSession(this.deps.sql, user.id, this.deps.refreshTokenTtl, userAgent);
    return this.session(user, sessionId, refreshToken);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const result = await rotateRefreshToken(this.deps.sql, refreshToken);
    if (result.kind === 'invalid') throw new AppError('REFRESH_TOKEN_INVALID', 'This refresh token is not valid; sign in again');
    if (result.kind === 'reused') {
      throw new AppError('REFRESH_TOKEN_REUSED', 'This refresh token was already used, so the session was ended for safety; sign in again');
    }
    const [user] = await this.deps.sql<UserRow[]>`select * from users where id = ${result.userId}`;
    if (user?.status !== 'active') throw new AppError('ACCOUNT_RESTRICTED', 'This account is restricted');
    return this.session(user, result.sessionId, result.refreshToken);
  }

  async logout(refreshToken: string) {
    await revokeSessionByRefreshToken(this.deps.sql, refreshToken);
  }

  /**
   * Queues a reset link. The request does one insert whoever the address belongs to; the mail queue looks the
   * account up later and sends nothing for an unknown address, so answer and timing are the same.
   */
  async forgotPassword(email: string) {
    await this.deps.mail.send({ kind: AUTH_MAIL.resetPassword, to: email });
  }

  /** Sets a new password from a mailed token and signs out every session: whoever knew the old one is out. */
  async resetPassword(token: string, password: string) {
    const passwordHash = await hashPassword(password);
    await this.deps.sql.begin(async (tx) => {
      const spent = await consumeEmailToken(tx, token, 'reset_password');
      if (!spent) throw new AppError('RESET_TOKEN_INVALID', 'This reset link is invalid, used or expired; ask for a new one');
      // Receiving the mail proves the address, so a reset also verifies it.
      await tx`
        update users set password_hash = ${passwordHash}, email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
        where id = ${spent.userId} and email = ${spent.email}`;
      await revokeAllSessions(tx, spent.userId, 'password_reset');
    });
  }

  private async session(user: UserRow, sessionId: string, refreshToken: string): Promise<Session> {
    const accessToken = await this.deps.tokens.sign({ userId: user.id, sessionId });
    return { accessToken, expiresIn: this.deps.tokens.ttlSeconds, refreshToken, user: toUser(user) };
  }
}
