import { CURRENCIES, type CurrencyCode } from '@tipchat/sdk/protocol';
import { type Account, isAccount } from './accounts';
import { LedgerError } from './errors';

/** The business events that move money. Payout kinds are posted by the payouts work. */
export const LEDGER_KINDS = [
  'tip_paid',
  'hold_released',
  'refund',
  'refund_reversed',
  'dispute_opened',
  'dispute_won',
  'dispute_lost',
  'overpayment',
  'payout_requested',
  'payout_settled',
  'payout_failed',
  'payout_reversed',
  'fee',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntryInput {
  account: Account;
  currency: CurrencyCode;
  /** Signed integer minor units, credit-positive (see accounts.ts). Never zero. */
  amount: number;
}

export interface Posting {
  kind: LedgerKind;
  /** What caused it, e.g. `tip:<id>`: lets a tip's money be summed across its transactions. */
  reference: string;
  /** One per business event (e.g. `stripe:evt_123`): posting it again is a no-op. */
  idempotencyKey: string;
  entries: readonly LedgerEntryInput[];
}

/**
 * Refuses a posting that is not a well-formed, balanced double-entry transaction. Runs before
 * anything is written, so a bad recipe never leaves half a transaction behind.
 */
export function validatePosting(posting: Posting): void {
  if (!(LEDGER_KINDS as readonly string[]).includes(posting.kind)) {
    throw new LedgerError('INVALID_POSTING', `unknown ledger transaction kind ${JSON.stringify(posting.kind)}`);
  }
  if (posting.reference.length === 0 || posting.idempotencyKey.length === 0) {
    throw new LedgerError('INVALID_POSTING', 'a ledger transaction needs a reference and an idempotency key');
  }
  if (posting.entries.length < 2) {
    throw new LedgerError('TOO_FEW_ENTRIES', 'a ledger transaction needs at least two entries', {
      entries: posting.entries.length,
    });
  }
  // BigInt so that large amounts cannot round their way to a false zero.
  const sums = new Map<string, bigint>();
  for (const entry of posting.entries) {
    if (!Object.hasOwn(CURRENCIES, entry.currency)) {
      throw new LedgerError('UNKNOWN_CURRENCY', `unknown currency ${JSON.stringify(entry.currency)}`);
    }
    if (!isAccount(entry.account)) {
      throw new LedgerError('INVALID_ACCOUNT', `not an account of the chart: ${JSON.stringify(entry.account)}`);
    }
    if (!Number.isSafeInteger(entry.amount) || entry.amount === 0) {
      throw new LedgerError('INVALID_AMOUNT', 'amounts are non-zero safe integers in minor units', {
        account: entry.account,
        amount: entry.amount,
      });
    }
    sums.set(entry.currency, (sums.get(entry.currency) ?? 0n) + BigInt(entry.amount));
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0n) {
      throw new LedgerError('UNBALANCED', `entries in ${currency} sum to ${sum}, not zero`, { currency, sum: String(sum) });
    }
  }
}

/** Order-independent identity of a set of entries: a replayed event must carry the same money. */
export function entriesSignature(entries: readonly { account: string; currency: string; amount: number }[]): string {
  return entries
    .map((e) => `${e.account}|${e.currency}|${e.amount}`)
    .sort()
    .join('\n');
}
