import type { RegisterBody, Session } from '@tipchat/sdk/protocol';
import type { Sql } from '../../db/connection';
import { AppError, isUniqueViolation } from '../../errors';
import type { Mailer } from '../../mail/mailer';
import { toUser, type UserRow } from '../users/user-row';
import type { AccessTokens } from './access-tokens';
import { consumeEmailToken, issueEmailToken } from './email-tokens';
import { resetPasswordMail, verificationMail } from './mails';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords';
import { openSession, revokeAllSessions, revokeSessionByRefreshToken, rotateRefreshToken } from './sessions';

export interface AuthDeps {
  sql: Sql;
  mailer: Mailer;
  tokens: AccessTokens;
  publicUrl: string;
  refreshTokenTtl: number;
}

export class AuthService {
  constructor(private readonly deps: AuthDeps) {}

  async register(body: Required<RegisterBody>) {
    const { sql } = this.deps;
    const passwordHash = await hashPassword(body.password);
    let user: UserRow | undefined;
    try {
      [user] = await sql<UserRow[]>`
        insert into users (email, password_hash, display_name)
        values (${body.email}, ${passwordHash}, ${body.displayName})
        returning *`;
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new AppError('EMAIL_TAKEN', 'An account with this email already exists; sign in or reset the password');
      }
      throw error;
    }
    if (!user) throw new Error('tipchat: user insert returned nothing');
    await this.sendVerification(user);
    return { user: toUser(user), verificationSent: true as const };
  }

  async sendVerification(user: Pick<UserRow, 'id' | 'email' | 'displayName'>) {
    const token = await issueEmailToken(this.deps.sql, user.id, user.email, 'verify_email');
    const link = `${this.deps.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await this.deps.mailer.send(verificationMail(user.email, user.displayName, link));
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

  /** Sends the link again; answers the same whether or not the address is registered. */
  async resendVerification(email: string) {
    const [user] = await this.deps.sql<UserRow[]>`select * from users where email = ${email} and status = 'active'`;
    if (user && user.emailVerifiedAt === null) await this.sendVerification(user);
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

  /** Mails a reset link; answers the same whether or not the address is registered. */
  async forgotPassword(email: string) {
    const [user] = await this.deps.sql<UserRow[]>`select * from users where email = ${email} and status = 'active'`;
    if (!user) return;
    const token = await issueEmailToken(this.deps.sql, user.id, user.email, 'reset_password');
    const link = `${this.deps.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.deps.mailer.send(resetPasswordMail(user.email, user.displayName, link));
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
