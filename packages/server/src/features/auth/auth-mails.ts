import type { Sql } from '../../db/connection';
import type { MailQueue } from '../../mail/mail-queue';
import { issueEmailToken } from './email-tokens';
import { registerAttemptMail, resetPasswordMail, verificationMail } from './mails';
import type { UserRow } from './user-row';

/** The account mails, rendered when the mail queue delivers them: whether the address has an account is decided here, off the request path. */
export const AUTH_MAIL = {
  verifyEmail: 'verify_email',
  resetPassword: 'reset_password',
  registerAttempt: 'register_attempt',
} as const;

export function defineAuthMails(queue: MailQueue, sql: Sql, publicUrl: string): void {
  const activeUser = async (email: string) => {
    const [user] = await sql<UserRow[]>`select * from users where email = ${email} and status = 'active'`;
    return user;
  };

  queue.define(AUTH_MAIL.verifyEmail, async ({ to }) => {
    const user = await activeUser(to);
    if (!user || user.emailVerifiedAt !== null) return null;
    const token = await issueEmailToken(sql, user.id, user.email, 'verify_email');
    return verificationMail(user.email, user.displayName, `${publicUrl}/verify-email?token=${encodeURIComponent(token)}`);
  });

  queue.define(AUTH_MAIL.resetPassword, async ({ to }) => {
    const user = await activeUser(to);
    if (!user) return null;
    const token = await issueEmailToken(sql, user.id, user.email, 'reset_password');
    return resetPasswordMail(user.email, user.displayName, `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`);
  });

  queue.define(AUTH_MAIL.registerAttempt, async ({ to }) => {
    const user = await activeUser(to);
    if (!user) return null;
    return registerAttemptMail(user.email, user.displayName, `${publicUrl}/dashboard/login`, `${publicUrl}/dashboard/forgot-password`);
  });
}
