import { ERROR_CODES, type ErrorCode } from '@tipchat/sdk/protocol';

/**
 * The one error type route code throws. Its code picks the HTTP status from the protocol's
 * registry, so a code and its status can never disagree.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** The underlying failure, for the log; never sent to the client. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.statusCode = ERROR_CODES[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

/** A Postgres unique violation on the named constraint (postgres.js carries both fields). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint_name?: unknown };
  return e.code === '23505' && (constraint === undefined || e.constraint_name === constraint);
}
