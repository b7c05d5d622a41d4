import { AppError } from '../../errors';

/** What a banned viewer is told: a time-out says when it ends, a ban that it does not. */
export function bannedError(expiresAt: Date | null): AppError {
  return expiresAt
    ? new AppError('TIMED_OUT', 'You are timed out in this chat', { expiresAt: expiresAt.toISOString() })
    : new AppError('BANNED', 'You are banned from this chat', { expiresAt: null });
}
