import { describe, expect, it } from 'vitest';
import { accounts } from './accounts';
import { platformFee } from './fees';
import type { LedgerEntryInput } from './posting';
import { disputeLost, disputeOpened, refund, releaseHold, reversalUndone, type TipMoney, tipPaid } from './recipes';

const pending = accounts.channelPending('c1');
const available = accounts.channelAvailable('c1');
const clearing = accounts.providerClearing('stripe');
const fees = accounts.platformFees;

const tip: TipMoney = { channelId: 'c1', provider: 'stripe', currency: 'USD', gross: 1_000, fee: 55 };

/** Entries as account → amount, to compare without caring about order. */
const byAccount = (entries: readonly LedgerEntryInput[] | null) => Object.fromEntries((entries ?? []).map((e) => [e.account, e.amount]));

describe('tipPaid', () => {
  it('debits the provider clearing the gross and credits the net to pending and the fee to the platform', () => {
    const entries = tipPaid(tip);
    expect(byAccount(entries)).toEqual({ [clearing]: -1_000, [pending]: 945, [fees]: 55 });
    expect(entries.every((e) => e.currency === 'USD')).toBe(true);
  });

  it('leaves out the fee leg when there is no fee, and the pending leg when the fee took everything', () => {
    expect(byAccount(tipPaid({ ...tip, fee: 0 }))).toEqual({ [clearing]: -1_000, [pending]: 1_000 });
    expect(byAccount(tipPaid({ ...tip, gross: 20, fee: 20 }))).toEqual({ [clearing]: -20, [fees]: 20 });
  });

  it('books a yen tip in whole yen', () => {
    const { fee } = platformFee(500, 'JPY', { basisPoints: 290, fixed: { JPY: 40 } });
    const entries = tipPaid({ ...tip, currency: 'JPY', gross: 500, fee });
    expect(byAccount(entries)).toEqual({ [clearing]: -500, [pending]: 445, [fees]: 55 });
  });

  it('refuses a fee larger than the tip or a non-integer gross', () => {
    expect(() => tipPaid({ ...tip, fee: 1_001 })).toThrow(RangeError);
    expect(() => tipPaid({ ...tip, gross: 10.5 })).toThrow(RangeError);
  });
});

describe('releaseHold', () => {
  it('moves the amount from pending to available', () => {
    expect(byAccount(releaseHold({ channelId: 'c1', currency: 'USD', amount: 945 }))).toEqual({
      [pending]: -945,
      [available]: 945,
    });
  });

  it('refuses a zero release', () => {
    expect(() => releaseHold({ channelId: 'c1', currency: 'USD', amount: 0 })).toThrow(RangeError);
  });
});

describe('refund', () => {
  it('reverses a full refund of a tip still on hold exactly, fee included', () => {
    const entries = refund({ tip, amount: 1_000, reversedBefore: 0, pendingForTip: 945 });
    expect(byAccount(entries)).toEqual({ [clearing]: 1_000, [pending]: -945, [fees]: -55 });
  });

  it('gives back the fee in proportion on a partial refund', () => {
    // Half the tip: half the fee (27.5 → 27, rounded down), the rest from the streamer.
    const entries = refund({ tip, amount: 500, reversedBefore: 0, pendingForTip: 945 });
    expect(byAccount(entries)).toEqual({ [clearing]: 500, [pending]: -473, [fees]: -27 });
  });

  it('returns exactly the whole fee over several partial refunds', () => {
    let reversed = 0;
    let feeBack = 0;
    for (const amount of [333, 333, 334]) {
      const entries = refund({ tip, amount, reversedBefore: reversed, pendingForTip: 945 });
      feeBack -= byAccount(entries)[fees] ?? 0;
      reversed += amount;
    }
    expect(feeBack).toBe(55);
  });

  it('takes from pending first, then from available', () => {
    const entries = refund({ tip, amount: 1_000, reversedBefore: 0, pendingForTip: 400 });
    expect(byAccount(entries)).toEqual({ [clearing]: 1_000, [pending]: -400, [available]: -545, [fees]: -55 });
  });

  it('takes everything from available once the hold is released, even past zero', () => {
    // The ledger does not look at the available balance: if it was paid out, it goes negative.
    const entries = refund({ tip, amount: 1_000, reversedBefore: 0, pendingForTip: 0 });
    expect(byAccount(entries)).toEqual({ [clearing]: 1_000, [available]: -945, [fees]: -55 });
  });

  it('refuses refunding more than what is left of the tip', () => {
    expect(() => refund({ tip, amount: 600, reversedBefore: 500, pendingForTip: 0 })).toThrow(RangeError);
    expect(() => refund({ tip, amount: 0, reversedBefore: 0, pendingForTip: 0 })).toThrow(RangeError);
  });
});

describe('disputes', () => {
  it('withdraws the disputed amount like a refund when opened', () => {
    const opened = disputeOpened({ tip, amount: 1_000, reversedBefore: 0, pendingForTip: 0 });
    expect(byAccount(opened)).toEqual({ [clearing]: 1_000, [available]: -945, [fees]: -55 });
  });

  it('gives every account back exactly what the opening took when won', () => {
    const opened = disputeOpened({ tip, amount: 1_000, reversedBefore: 0, pendingForTip: 300 });
    const won = reversalUndone({ tip, taken: opened, reversedNow: 1_000 });
    expect(byAccount(won)).toEqual({ [clearing]: -1_000, [pending]: 300, [available]: 645, [fees]: 55 });
  });

  it('books only the provider dispute fee, as a platform loss, when lost', () => {
    const lost = disputeLost({ provider: 'stripe', currency: 'USD', disputeFee: 1_500 });
    expect(byAccount(lost)).toEqual({ [clearing]: 1_500, [accounts.platformDisputeLosses]: -1_500 });
  });

  it('has nothing to post for a lost dispute without a fee', () => {
    expect(disputeLost({ provider: 'stripe', currency: 'USD', disputeFee: 0 })).toBeNull();
  });
});
