/**
 * Why the ledger refused a posting. These are programming or consistency errors (a recipe built
 * a bad transaction, or a business event was replayed with different money), not client input
 * errors: callers let them roll the database transaction back and surface as a 500, or map the
 * one they expect (IDEMPOTENCY_CONFLICT on a tampered provider event) to a clean rejection.
 */
export type LedgerErrorCode =
  | 'TOO_FEW_ENTRIES'
  | 'INVALID_AMOUNT'
  | 'UNKNOWN_CURRENCY'
  | 'INVALID_ACCOUNT'
  | 'INVALID_POSTING'
  | 'UNBALANCED'
  | 'IDEMPOTENCY_CONFLICT';

export class LedgerError extends Error {
  override name = 'LedgerError';

  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isLedgerError(error: unknown, code?: LedgerErrorCode): error is LedgerError {
  return error instanceof LedgerError && (code === undefined || error.code === code);
}
