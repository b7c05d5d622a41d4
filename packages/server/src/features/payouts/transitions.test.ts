import { PAYOUT_STATUSES, type PayoutStatus } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import type { TransferState } from '../../providers/payout-rail';
import type { PayoutRow } from './payout-row';
import { MISSING_GRACE_MS } from './timing';
import { planTransition } from './transitions';

const created = new Date('2026-11-20T10:00:00Z');
const soon = new Date(created.getTime() + 60_000);
const later = new Date(created.getTime() + MISSING_GRACE_MS);

function row(status: PayoutStatus): PayoutRow {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    channelId: '00000000-0000-4000-8000-000000000002',
    rail: 'cashfree',
    beneficiaryId: null,
    stripeAccountId: null,
    amount: 10_000,
    currency: 'INR',
    status,
    origin: 'manual',
    transferId: 'po_0123456789abcdef0123456789abcdef',
    providerReference: null,
    failureReason: null,
    requestedBy: null,
    nextPollAt: null,
    createdAt: created,
    updatedAt: created,
    settledAt: status === 'succeeded' || status === 'reversed' ? created : null,
  };
}

const STATES: Record<string, TransferState> = {
  pending: { state: 'pending', reference: 'cf1' },
  succeeded: { state: 'succeeded', reference: 'utr1' },
  failed: { state: 'failed', reference: null, reason: 'IMPS_MODE_FAIL' },
  reversed: { state: 'reversed', reference: 'utr1', reason: 'INVALID_ACCOUNT_FAIL' },
  missing: { state: 'missing' },
};

/** What each (current status, news) leads to: the new status with its ledger movements, or why nothing changes. */
const EXPECTED: Record<PayoutStatus, Record<keyof typeof STATES, string>> = {
  requested: {
    pending: 'processing',
    succeeded: 'succeeded settled',
    failed: 'failed failed',
    reversed: 'reversed settled,reversed',
    missing: 'unchanged',
  },
  unknown: {
    pending: 'processing',
    succeeded: 'succeeded settled',
    failed: 'failed failed',
    reversed: 'reversed settled,reversed',
    missing: 'unchanged',
  },
  processing: {
    pending: 'unchanged',
    succeeded: 'succeeded settled',
    failed: 'failed failed',
    reversed: 'reversed settled,reversed',
    missing: 'unchanged',
  },
  succeeded: { pending: 'stale', succeeded: 'unchanged', failed: 'stale', reversed: 'reversed reversed', missing: 'unchanged' },
  failed: { pending: 'stale', succeeded: 'stale', failed: 'unchanged', reversed: 'stale', missing: 'unchanged' },
  reversed: { pending: 'stale', succeeded: 'stale', failed: 'stale', reversed: 'unchanged', missing: 'unchanged' },
};

const describePlan = (plan: ReturnType<typeof planTransition>) =>
  typeof plan === 'string' ? plan : `${plan.status}${plan.movements.length ? ` ${plan.movements.join(',')}` : ''}`;

describe('planTransition', () => {
  it('moves every status only forward, each movement of money once', () => {
    for (const status of PAYOUT_STATUSES) {
      for (const [name, state] of Object.entries(STATES)) {
        expect(describePlan(planTransition(row(status), state, soon)), `${status} + ${name}`).toBe(EXPECTED[status][name]);
      }
    }
  });

  it('gives up on a transfer the provider never heard of only after the grace period, and only if it was never acknowledged', () => {
    expect(planTransition(row('unknown'), STATES.missing as TransferState, later)).toMatchObject({
      status: 'failed',
      movements: ['failed'],
      failureReason: 'The transfer never reached Cashfree; the money is back in your available balance',
    });
    expect(planTransition(row('requested'), STATES.missing as TransferState, later)).toMatchObject({ status: 'failed' });
    expect(planTransition(row('processing'), STATES.missing as TransferState, later)).toBe('unchanged');
    expect(planTransition(row('unknown'), STATES.missing as TransferState, new Date(later.getTime() - 1))).toBe('unchanged');
  });

  it('keeps the reason for the streamer and the provider’s reference, and the time it was paid out', () => {
    expect(planTransition(row('processing'), STATES.failed as TransferState, soon)).toMatchObject({
      failureReason: 'IMPS_MODE_FAIL',
      nextPollAt: null,
    });
    expect(planTransition(row('processing'), STATES.succeeded as TransferState, soon)).toMatchObject({
      reference: 'utr1',
      settledAt: soon,
    });
    expect(planTransition(row('succeeded'), STATES.reversed as TransferState, soon)).toMatchObject({
      failureReason: 'INVALID_ACCOUNT_FAIL',
      settledAt: created,
    });
    const processing = planTransition(row('unknown'), STATES.pending as TransferState, soon);
    expect(processing).toMatchObject({ reference: 'cf1' });
    expect(typeof processing !== 'string' && processing.nextPollAt !== null && processing.nextPollAt > soon).toBe(true);
  });
});
