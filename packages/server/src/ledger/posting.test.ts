import type { CurrencyCode } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { type Account, accounts } from './accounts';
import { isLedgerError, type LedgerErrorCode } from './errors';
import { entriesSignature, type Posting, validatePosting } from './posting';

const pending = accounts.channelPending('c1');
const clearing = accounts.providerClearing('dev');

function posting(entries: Posting['entries']): Posting {
  return { kind: 'tip_paid', reference: 'tip:1', idempotencyKey: 'dev:evt_1', entries };
}

function refusal(p: Posting): LedgerErrorCode | 'accepted' {
  try {
    validatePosting(p);
    return 'accepted';
  } catch (error) {
    if (isLedgerError(error)) return error.code;
    throw error;
  }
}

describe('validatePosting', () => {
  it('accepts a balanced transaction in one currency', () => {
    expect(
      refusal(
        posting([
          { account: clearing, currency: 'USD', amount: -500 },
          { account: pending, currency: 'USD', amount: 480 },
          { account: accounts.platformFees, currency: 'USD', amount: 20 },
        ]),
      ),
    ).toBe('accepted');
  });

  it('accepts a transaction balanced separately in each of two currencies', () => {
    expect(
      refusal(
        posting([
          { account: clearing, currency: 'USD', amount: -500 },
          { account: pending, currency: 'USD', amount: 500 },
          { account: clearing, currency: 'JPY', amount: -300 },
          { account: pending, currency: 'JPY', amount: 300 },
        ]),
      ),
    ).toBe('accepted');
  });

  it('refuses entries that balance only across currencies', () => {
    expect(
      refusal(
        posting([
          { account: clearing, currency: 'USD', amount: -500 },
          { account: pending, currency: 'EUR', amount: 500 },
        ]),
      ),
    ).toBe('UNBALANCED');
  });

  it('refuses an unbalanced transaction', () => {
    expect(
      refusal(
        posting([
          { account: clearing, currency: 'USD', amount: -500 },
          { account: pending, currency: 'USD', amount: 499 },
        ]),
      ),
    ).toBe('UNBALANCED');
  });

  it('refuses a transaction of fewer than two entries', () => {
    expect(refusal(posting([]))).toBe('TOO_FEW_ENTRIES');
    expect(refusal(posting([{ account: pending, currency: 'USD', amount: 1 }]))).toBe('TOO_FEW_ENTRIES');
  });

  it.each([0, 1.5, -0.01, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses the amount %s', (amount) => {
    expect(
      refusal(
        posting([
          { account: clearing, currency: 'USD', amount: -amount },
          { account: pending, currency: 'USD', amount },
        ]),
      ),
    ).toBe('INVALID_AMOUNT');
  });

  it('refuses an imbalance of one unit between amounts near the safe-integer limit', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(
      refusal(
        posting([
          { account: clearing, currency: 'USD', amount: big },
          { account: clearing, currency: 'USD', amount: big },
          { account: pending, currency: 'USD', amount: -big },
          { account: pending, currency: 'USD', amount: -big + 1 },
        ]),
      ),
    ).toBe('UNBALANCED');
  });

  it('refuses a currency tipchat does not know', () => {
    expect(
      refusal(
        posting([
          { account: clearing, currency: 'XXX' as CurrencyCode, amount: -1 },
          { account: pending, currency: 'XXX' as CurrencyCode, amount: 1 },
        ]),
      ),
    ).toBe('UNKNOWN_CURRENCY');
  });

  it('refuses an account outside the chart of accounts', () => {
    expect(
      refusal(
        posting([
          { account: 'channel:c1:spare' as Account, currency: 'USD', amount: -1 },
          { account: pending, currency: 'USD', amount: 1 },
        ]),
      ),
    ).toBe('INVALID_ACCOUNT');
  });

  it('refuses an unknown kind or an empty idempotency key', () => {
    const entries = [
      { account: clearing, currency: 'USD', amount: -1 },
      { account: pending, currency: 'USD', amount: 1 },
    ] as const;
    expect(refusal({ ...posting(entries), kind: 'gift' as Posting['kind'] })).toBe('INVALID_POSTING');
    expect(refusal({ ...posting(entries), idempotencyKey: '' })).toBe('INVALID_POSTING');
  });
});

describe('accounts', () => {
  it('builds the accounts of the chart', () => {
    expect(accounts.channelPending('c1')).toBe('channel:c1:pending');
    expect(accounts.channelAvailable('c1')).toBe('channel:c1:available');
    expect(accounts.channelInTransit('c1')).toBe('channel:c1:in_transit');
    expect(accounts.channelPaidOut('c1')).toBe('channel:c1:paid_out');
    expect(accounts.providerClearing('stripe')).toBe('provider:stripe:clearing');
  });

  it('refuses ids that would smuggle a separator into an account name', () => {
    expect(() => accounts.channelPending('c1:available')).toThrow(/invalid channel id/);
    expect(() => accounts.providerClearing('')).toThrow(/invalid provider name/);
  });
});

describe('entriesSignature', () => {
  it('ignores the order of entries but not their amounts', () => {
    const x = { account: 'x', currency: 'USD', amount: 1 };
    const y = { account: 'y', currency: 'USD', amount: -1 };
    expect(entriesSignature([x, y])).toBe(entriesSignature([y, x]));
    expect(entriesSignature([x, y])).not.toBe(entriesSignature([{ ...x, amount: 2 }, y]));
  });
});
