export { type Account, accounts, type ChannelBucket, isAccount } from './accounts';
export { isLedgerError, LedgerError, type LedgerErrorCode } from './errors';
export { type FeeBreakdown, type FeeSchedule, platformFee } from './fees';
export { DEFAULT_HOLD_BUSINESS_DAYS, type HolidayCalendar, holdReleaseAt, isBusinessDay } from './hold';
export {
  type AccountBalance,
  balance,
  balances,
  findByIdempotencyKey,
  type LedgerEntry,
  type LedgerTransaction,
  type PostResult,
  post,
  referenceBalance,
} from './ledger';
export { LEDGER_KINDS, type LedgerEntryInput, type LedgerKind, type Posting, validatePosting } from './posting';
export {
  disputeExcess,
  disputeLost,
  disputeOpened,
  inverted,
  overpayment,
  type Reversal,
  refund,
  releaseHold,
  reversalUndone,
  type TipMoney,
  tipPaid,
  tipReference,
} from './recipes';

import { balance, balances, findByIdempotencyKey, post, referenceBalance } from './ledger';

/** The ledger's operations under one name: `ledger.post(tx, …)`, `ledger.balance(q, …)`. */
export const ledger = { post, balance, balances, referenceBalance, findByIdempotencyKey } as const;
