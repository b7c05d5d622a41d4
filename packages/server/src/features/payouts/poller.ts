import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../db/connection';
import { RailError } from '../../providers/payout-rail';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import type { PayoutRow } from './payout-row';
import { nextPollAt } from './timing';
import type { PayoutTransitions, TransitionOutcome } from './transitions';

const BATCH = 20;

/**
 * The fallback for webhooks that never came: asks the provider about payouts still open (requested, processing,
 * unknown) whose next_poll_at has passed. Each batch is claimed with FOR UPDATE SKIP LOCKED and its next_poll_at moved
 * on in the same short transaction, so with several processes each payout is asked about by one of them; the
 * provider is called after that commit, never inside a transaction.
 */
export class PayoutPoller {
  constructor(
    private readonly sql: Sql,
    private readonly rails: PayoutRailSet,
    private readonly transitions: PayoutTransitions,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Polls every payout due by `now`; returns what each lookup led to, by payout id. */
  async pollDue(now: Date = new Date()): Promise<Map<string, TransitionOutcome | 'lookup_failed'>> {
    const outcomes = new Map<string, TransitionOutcome | 'lookup_failed'>();
    for (;;) {
      const claimed = await this.claim(now);
      for (const payout of claimed) outcomes.set(payout.id, await this.poll(payout, now));
      if (claimed.length < BATCH) return outcomes;
    }
  }

  private claim(now: Date): Promise<PayoutRow[]> {
    return this.sql.begin(async (tx) => {
      const due = await tx<PayoutRow[]>`
        select * from payouts
        where status in ('requested', 'processing', 'unknown') and next_poll_at <= ${now}
        order by next_poll_at limit ${BATCH} for update skip locked`;
      for (const payout of due) {
        await tx`update payouts set next_poll_at = ${nextPollAt(payout.createdAt, now)} where id = ${payout.id}`;
      }
      return due;
    });
  }

  private async poll(payout: PayoutRow, now: Date): Promise<TransitionOutcome | 'lookup_failed'> {
    const rail = this.rails.get(payout.rail);
    if (!rail) return 'lookup_failed';
    try {
      const state = await rail.status(payout.transferId);
      return (await this.transitions.apply(payout.rail, { kind: 'poll' }, payout.transferId, state, now)).outcome;
    } catch (error) {
      if (!(error instanceof RailError)) throw error;
      this.log.warn({ payoutId: payout.id, err: error }, 'payout status lookup failed; asking again later');
      return 'lookup_failed';
    }
  }
}
