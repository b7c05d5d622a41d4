import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../db/connection';
import { RailError } from '../../providers/payout-rail';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import type { CreatedPayout } from './create-payout';
import type { PayoutRow } from './payout-row';
import { SEND_DEADLINE_MS } from './timing';
import type { PayoutTransitions } from './transitions';

/**
 * Sends a recorded payout's transfer, once, after the request's transaction committed, and applies the first answer:
 * accepted → processing, paid → succeeded, refused → failed with the money back. When the answer is lost the payout
 * becomes `unknown` and is never sent again: the poller asks the provider what became of it.
 */
export class PayoutSender {
  constructor(
    private readonly sql: Sql,
    private readonly rails: PayoutRailSet,
    private readonly transitions: PayoutTransitions,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The payout as it stands after the send (a webhook may have moved it further meanwhile). */
  async send({ row, transfer }: CreatedPayout): Promise<PayoutRow> {
    const rail = this.rails.get(row.rail);
    // Too late to start (the process stalled): the poller's missing-transfer rule relies on no send starting after this.
    if (!rail || Date.now() - row.createdAt.getTime() > SEND_DEADLINE_MS) {
      this.log.warn({ payoutId: row.id }, 'payout not sent in time; the poller takes it over');
      return row;
    }
    try {
      const state = await rail.send(transfer);
      // "No such transfer" right after sending it: the provider has not caught up; the poller asks again.
      if (state.state === 'missing') return await this.unknown(row, 'the provider did not find the transfer it was just sent');
      return (await this.transitions.apply(row.rail, { kind: 'send' }, transfer.transferId, state)).payout ?? row;
    } catch (error) {
      if (error instanceof RailError && !error.outcomeUnknown) {
        this.log.warn({ payoutId: row.id, providerCode: error.providerCode, err: error }, 'payout transfer refused by the provider');
        const failed = {
          state: 'failed' as const,
          reference: null,
          reason: `${error.message}; the money is back in your available balance`,
        };
        return (await this.transitions.apply(row.rail, { kind: 'send' }, transfer.transferId, failed)).payout ?? row;
      }
      // Unknown outcome, or a failure of ours after the call: either way the transfer may exist, so only status() may tell.
      return this.unknown(row, error instanceof Error ? error.message : String(error));
    }
  }

  private async unknown(row: PayoutRow, why: string): Promise<PayoutRow> {
    const marked = await this.transitions.markUnknown(row.id, why);
    if (marked) return marked;
    // News (a webhook) moved it on meanwhile.
    const [current] = await this.sql<PayoutRow[]>`select * from payouts where id = ${row.id}`;
    return current ?? row;
  }
}
