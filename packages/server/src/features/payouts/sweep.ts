import type { CurrencyCode } from '@tipchat/sdk/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { PayoutsConfig } from '../../config';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import { accounts, ledger } from '../../ledger';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import type { EventLog } from '../../realtime/event-log';
import { type CreatedPayout, createPayout } from './create-payout';
import type { PayoutRow } from './payout-row';
import type { PayoutSender } from './sender';

/**
 * The automatic daily payout: for each channel whose schedule is on and due, everything available in each currency
 * is paid out when it reaches the minimum and the channel has somewhere to be paid. One channel per transaction: the
 * channel is locked and its schedule claimed (several processes share the work, none does a channel twice), its
 * payouts are recorded and its next run moved a day on, all together; the transfers are sent after the commit.
 */
export class PayoutSweep {
  constructor(
    private readonly events: EventLog,
    private readonly rails: PayoutRailSet,
    private readonly sender: PayoutSender,
    private readonly config: Pick<PayoutsConfig, 'minimum'>,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Sweeps every channel due by `now`; returns the payouts it made, as sent. */
  async runDue(now: Date = new Date()): Promise<PayoutRow[]> {
    const paid: PayoutRow[] = [];
    for (;;) {
      const claimed = await this.sweepOne(now);
      if (claimed === null) return paid;
      for (const created of claimed) paid.push(await this.sender.send(created));
    }
  }

  /** Null when no channel is due. */
  private sweepOne(now: Date): Promise<CreatedPayout[] | null> {
    return this.events.transaction(async (tx, events) => {
      const [due] = await tx<{ channelId: string; ownerActive: boolean }[]>`
        select s.channel_id, u.status = 'active' as owner_active
        from payout_schedules s join channels c on c.id = s.channel_id join users u on u.id = c.owner_id
        where s.enabled and s.next_run_at <= ${now}
        order by s.next_run_at limit 1`;
      if (!due) return null;
      // Lock order: the channel, then its schedule. Another process sweeping this channel holds the channel too, so
      // this waits for it to commit and then finds the schedule moved on.
      await events.lock(due.channelId);
      const [claimed] = await tx`
        select 1 from payout_schedules where channel_id = ${due.channelId} and enabled and next_run_at <= ${now} for update`;
      if (!claimed) return [];
      // The next run a whole number of days on, at the same time of day, after `now` (a server down for a week runs once).
      await tx`
        update payout_schedules set updated_at = now(),
          next_run_at = next_run_at + interval '1 day' * (floor(extract(epoch from (${now}::timestamptz - next_run_at)) / 86400) + 1)
        where channel_id = ${due.channelId}`;
      if (!due.ownerActive) return [];
      const created: CreatedPayout[] = [];
      for (const currency of await this.currenciesWithMoney(tx, due.channelId)) {
        try {
          created.push(
            await createPayout(tx, events, this.rails, this.config, {
              channelId: due.channelId,
              currency,
              amount: undefined,
              beneficiaryId: undefined,
              origin: 'sweep',
              requestedBy: null,
            }),
          );
        } catch (error) {
          // Below the minimum, or nowhere to pay: refused before anything was written, so the transaction goes on.
          if (!(error instanceof AppError)) throw error;
          this.log.info({ channelId: due.channelId, currency, code: error.code }, 'automatic payout skipped');
        }
      }
      return created;
    });
  }

  private async currenciesWithMoney(tx: TransactionSql, channelId: string): Promise<CurrencyCode[]> {
    const prefix = accounts.channelAvailable(channelId);
    const rows = await ledger.balances(tx, prefix);
    return rows.filter((row) => row.account === prefix && row.balance > 0).map((row) => row.currency.trim() as CurrencyCode);
  }
}
