import type { PayoutStatus } from '@tipchat/sdk/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { TransactionSql } from '../../db/connection';
import { noMetrics, type OutcomeMetrics } from '../../metrics/server-metrics';
import type { RailName, TransferState } from '../../providers/payout-rail';
import type { EventLog } from '../../realtime/event-log';
import { type PayoutMovement, postPayoutMovement } from './payout-money';
import { type PayoutRow, toPayout } from './payout-row';
import { MISSING_GRACE_MS, nextPollAt, UNKNOWN_FIRST_POLL_MS } from './timing';

/**
 * Where news about a transfer came from. A webhook carries the provider's event id, recorded so a redelivery is a
 * duplicate whatever it says; the answer to our send and the poller's lookups are recorded under the status they led
 * to, which a payout reaches at most once.
 */
export type TransferNews = { kind: 'webhook'; eventId: string; event: unknown } | { kind: 'send' } | { kind: 'poll' };

/**
 * - applied: the payout changed (status, ledger, event);
 * - duplicate: this webhook event was processed before;
 * - unchanged: it says what we know already;
 * - stale: the payout has moved past it (a late or out-of-order delivery);
 * - unknown_transfer: no payout of ours has this transfer id.
 */
export type TransitionOutcome = 'applied' | 'duplicate' | 'unchanged' | 'stale' | 'unknown_transfer';

interface Change {
  status: PayoutStatus;
  movements: PayoutMovement[];
  reference: string | null;
  failureReason: string | null;
  settledAt: Date | null;
  nextPollAt: Date | null;
}

const PROVIDER_NAMES: Record<RailName, string> = { cashfree: 'Cashfree', stripe: 'Stripe' };

const isOpen = (status: PayoutStatus) => status === 'requested' || status === 'processing' || status === 'unknown';

/**
 * What a transfer state means for a payout in its current status: a change, or why nothing changes. Statuses only
 * move forward (requested → unknown/processing → succeeded/failed, succeeded → reversed), so whatever order the news
 * arrives in, each movement of money happens once.
 */
export function planTransition(row: PayoutRow, state: TransferState, now: Date): Change | 'unchanged' | 'stale' {
  const reference = ('reference' in state ? state.reference : null) ?? row.providerReference;
  const keep = { reference, failureReason: row.failureReason, settledAt: row.settledAt, nextPollAt: null };
  switch (state.state) {
    case 'pending':
      if (row.status === 'requested' || row.status === 'unknown') {
        return { ...keep, status: 'processing', movements: [], nextPollAt: nextPollAt(row.createdAt, now) };
      }
      return row.status === 'processing' ? 'unchanged' : 'stale';
    case 'succeeded':
      if (isOpen(row.status)) return { ...keep, status: 'succeeded', movements: ['settled'], settledAt: now };
      return row.status === 'succeeded' ? 'unchanged' : 'stale';
    case 'failed':
      if (isOpen(row.status)) return { ...keep, status: 'failed', movements: ['failed'], failureReason: state.reason };
      return row.status === 'failed' ? 'unchanged' : 'stale';
    case 'reversed':
      // Reversed without our having seen the success: it arrived first, then came back.
      if (isOpen(row.status))
        return { ...keep, status: 'reversed', movements: ['settled', 'reversed'], failureReason: state.reason, settledAt: now };
      if (row.status === 'succeeded') return { ...keep, status: 'reversed', movements: ['reversed'], failureReason: state.reason };
      return row.status === 'reversed' ? 'unchanged' : 'stale';
    case 'missing':
      // Only a payout whose send may never have reached the provider, and only after the grace period (see timing.ts).
      // A transfer the provider had acknowledged (processing) and now denies is left for a person to look at.
      if ((row.status === 'requested' || row.status === 'unknown') && now.getTime() - row.createdAt.getTime() >= MISSING_GRACE_MS) {
        return {
          ...keep,
          status: 'failed',
          movements: ['failed'],
          failureReason: `The transfer never reached ${PROVIDER_NAMES[row.rail]}; the money is back in your available balance`,
        };
      }
      return 'unchanged';
  }
}

/**
 * Applies what a provider says about a transfer to its payout: in one transaction the payout row (locked), the
 * ledger movements, the `payout.updated` event for the staff and the record of the news. Concurrent news about one
 * payout take turns on its row, so a duplicate sees the first one's result and changes nothing.
 */
export class PayoutTransitions {
  constructor(
    private readonly events: EventLog,
    private readonly log: FastifyBaseLogger,
    private readonly metrics: Pick<OutcomeMetrics, 'payout'> = noMetrics,
  ) {}

  async apply(
    rail: RailName,
    news: TransferNews,
    transferId: string,
    state: TransferState,
    now: Date = new Date(),
  ): Promise<{ outcome: TransitionOutcome; payout: PayoutRow | null }> {
    const result = await this.events.transaction(async (tx, events) => {
      // Lock order: the payout's channel (read without a lock: a payout never moves), then the payout.
      const [owner] = await tx<{ channelId: string }[]>`
        select channel_id from payouts where transfer_id = ${transferId} and rail = ${rail}`;
      if (owner) await events.lock(owner.channelId);
      const [row] = await tx<PayoutRow[]>`select * from payouts where transfer_id = ${transferId} and rail = ${rail} for update`;
      if (!row) {
        if (news.kind === 'webhook' && !(await recordNews(tx, rail, news.eventId, null, 'unknown_transfer', news.event))) {
          return { outcome: 'duplicate' as const, payout: null };
        }
        return { outcome: 'unknown_transfer' as const, payout: null };
      }
      const change = planTransition(row, state, now);
      const outcome: TransitionOutcome = typeof change === 'string' ? change : 'applied';
      if (news.kind === 'webhook') {
        if (!(await recordNews(tx, rail, news.eventId, row.id, outcome, news.event))) return { outcome: 'duplicate' as const, payout: row };
      } else if (typeof change !== 'string') {
        const eventId = `${news.kind}:${transferId}:${change.status}`;
        if (!(await recordNews(tx, rail, eventId, row.id, outcome, state))) return { outcome: 'duplicate' as const, payout: row };
      }
      if (typeof change === 'string') return { outcome, payout: row };
      for (const movement of change.movements) await postPayoutMovement(tx, movement, row);
      const [updated] = await tx<PayoutRow[]>`
        update payouts set status = ${change.status}, provider_reference = ${change.reference}, failure_reason = ${change.failureReason},
          settled_at = ${change.settledAt}, next_poll_at = ${change.nextPollAt}, updated_at = now()
        where id = ${row.id} returning *`;
      if (!updated) throw new Error(`payout ${row.id} vanished while locked`);
      await events.append(row.channelId, 'payout.updated', toPayout(updated), 'staff');
      return { outcome, payout: updated };
    });
    if (result.outcome === 'applied' && result.payout) this.changed(result.payout, news.kind);
    if (result.outcome === 'stale' && result.payout) {
      this.log.warn(
        { payoutId: result.payout.id, status: result.payout.status, news: news.kind, state: state.state },
        'payout news arrived after the payout moved on',
      );
    }
    return result;
  }

  /** Counted and logged once committed: a payout's status changes are what an operator follows. */
  private changed(payout: PayoutRow, source: TransferNews['kind'] | 'lost_answer'): void {
    this.metrics.payout(payout.rail, payout.status);
    this.log.info(
      { payoutId: payout.id, transferId: payout.transferId, rail: payout.rail, status: payout.status, source },
      `payout ${payout.status}`,
    );
  }

  /**
   * The send's answer was lost (timeout, 5xx): the transfer may or may not exist. The payout waits as `unknown` for
   * the poller, which asks the provider soon; it is never sent again.
   */
  async markUnknown(payoutId: string, why: string, now: Date = new Date()): Promise<PayoutRow | null> {
    const updated = await this.events.transaction(async (tx, events) => {
      const [owner] = await tx<{ channelId: string }[]>`select channel_id from payouts where id = ${payoutId}`;
      if (!owner) return null;
      await events.lock(owner.channelId);
      const [updated] = await tx<PayoutRow[]>`
        update payouts set status = 'unknown', next_poll_at = ${new Date(now.getTime() + UNKNOWN_FIRST_POLL_MS)}, updated_at = now()
        where id = ${payoutId} and status = 'requested' returning *`;
      if (!updated) return null;
      this.log.warn({ payoutId, transferId: updated.transferId, why }, 'payout transfer outcome unknown; the poller will ask the provider');
      await events.append(updated.channelId, 'payout.updated', toPayout(updated), 'staff');
      return updated;
    });
    if (updated) this.changed(updated, 'lost_answer');
    return updated;
  }
}

/** Records news once per (provider, event id); false when it was recorded before. */
async function recordNews(
  tx: TransactionSql,
  rail: RailName,
  eventId: string,
  payoutId: string | null,
  outcome: TransitionOutcome,
  event: unknown,
): Promise<boolean> {
  const inserted = await tx`
    insert into payout_events (provider, event_id, payout_id, outcome, event)
    values (${rail}, ${eventId}, ${payoutId}, ${outcome}, ${tx.json(JSON.parse(JSON.stringify(event ?? null)))})
    on conflict (provider, event_id) do nothing returning event_id`;
  return inserted.length > 0;
}
