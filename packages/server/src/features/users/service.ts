import type { User } from '@tipchat/sdk/protocol';
import { AppError, isUniqueViolation } from '../../errors';
import type { Account } from '../auth/guard';
import { hashPassword, verifyPassword } from '../auth/passwords';
import type { AuthService } from '../auth/service';
import { revokeAllSessions } from '../auth/sessions';
import { toUser, type UserRow } from '../auth/user-row';
import type { FeatureDeps } from '../deps';

export class UserService {
  constructor(
    private readonly deps: FeatureDeps,
    private readonly auth: AuthService,
  ) {}

  /** Changes profile fields. A new email must be verified again, so it is mailed a fresh link. */
  async update(account: Account, changes: { displayName?: string | undefined; email?: string | undefined }): Promise<User> {
    const current = account.user;
    const emailChanged = changes.email !== undefined && changes.email !== current.email;
    let row: UserRow | undefined;
    try {
      [row] = await this.deps.sql<UserRow[]>`
        update users set
          display_name = ${changes.displayName ?? current.displayName},
          email = ${changes.email ?? current.email},
          email_verified_at = ${emailChanged ? null : current.emailVerifiedAt},
          updated_at = now()
        where id = ${current.id}
        returning *`;
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) throw new AppError('EMAIL_TAKEN', 'Another account uses this email');
      throw error;
    }
    if (!row) throw new AppError('NOT_FOUND', 'Account not found');
    if (emailChanged) await this.auth.sendVerification(row);
    return toUser(row);
  }

  /** Changing the password keeps this session and ends every other one. */
  async changePassword(account: Account, currentPassword: string, newPassword: string): Promise<void> {
    await this.requirePassword(account.user, currentPassword);
    const passwordHash = await hashPassword(newPassword);
    await this.deps.sql.begin(async (tx) => {
      await tx`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${account.user.id}`;
      await revokeAllSessions(tx, account.user.id, 'password_changed', account.sessionId);
    });
  }

  /**
   * Deactivates the account: no sign-in, every session ended. Nothing is deleted — tips, ledger
   * entries and payouts must stay for the books.
   */
  async restrict(account: Account, password: string): Promise<void> {
    await this.requirePassword(account.user, password);
    await this.deps.sql.begin(async (tx) => {
      await tx`update users set status = 'restricted', restricted_at = now(), updated_at = now() where id = ${account.user.id}`;
      await revokeAllSessions(tx, account.user.id, 'account_restricted');
    });
  }

  private async requirePassword(user: UserRow, password: string): Promise<void> {
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong');
    }
  }
}
