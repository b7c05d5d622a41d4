import type { Balance, Payout, PayoutAvailability, PayoutRequestBody, PayoutSchedule, PayoutStatus } from '@tipchat/sdk/protocol';
import { AppError } from '../../errors';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import type { FeatureDeps } from '../deps';
import { payoutAvailability } from './availability';
import { channelBalances, minimumPayout } from './balances';
import { belowMinimum, createPayout } from './create-payout';
import { type PayoutRow, toPayout } from './payout-row';
import { readSchedule, writeSchedule } from './schedule';
import type { PayoutSender } from './sender';
import { type StatementWindow, statementCsv } from './statement';
import type { PayoutStreamer } from './streamer';

export interface PayoutListOptions {
  status?: PayoutStatus;
  limit: number;
  before?: string;
}

/** What the streamer does with their money: see it, ask for it, follow it, export it, and pay themselves daily. */
export class PayoutService {
  constructor(
    private readonly deps: FeatureDeps,
    private readonly rails: PayoutRailSet,
    private readonly sender: PayoutSender,
  ) {}

  /** Whether this server can pay the streamer out at all (its rail is configured). */
  availability(streamer: PayoutStreamer): PayoutAvailability {
    return payoutAvailability(this.rails, streamer.channelCurrency);
  }

  balances(streamer: PayoutStreamer): Promise<Balance[]> {
    return channelBalances(this.deps.sql, { id: streamer.channelId, currency: streamer.channelCurrency }, this.deps.config.payouts);
  }

  /**
   * A manual payout: recorded with its money in transit in one transaction, then sent. The answer is the payout after
   * the provider's first answer: processing (Cashfree pays asynchronously), succeeded (a Stripe transfer is
   * immediate), failed with the reason and the money back, or unknown while we find out.
   */
  async request(streamer: PayoutStreamer, body: PayoutRequestBody): Promise<Payout> {
    const minimum = minimumPayout(this.deps.config.payouts, body.currency);
    // A request below the minimum is refused before anything is locked.
    if (body.amount !== undefined && body.amount < minimum) throw belowMinimum(body.amount, minimum, body.currency);
    const created = await this.deps.events.transaction((tx, events) =>
      createPayout(tx, events, this.rails, this.deps.config.payouts, {
        channelId: streamer.channelId,
        currency: body.currency,
        amount: body.amount,
        beneficiaryId: body.beneficiaryId,
        origin: 'manual',
        requestedBy: streamer.userId,
      }),
    );
    return toPayout(await this.sender.send(created));
  }

  /** Newest first; `before` is a payout id of this channel from the previous page. */
  async list(streamer: PayoutStreamer, options: PayoutListOptions): Promise<{ payouts: Payout[]; nextCursor: string | null }> {
    const sql = this.deps.sql;
    if (options.before !== undefined) {
      const [known] = await sql`select 1 from payouts where id = ${options.before} and channel_id = ${streamer.channelId}`;
      if (!known) {
        throw new AppError('VALIDATION_FAILED', 'The request is not valid', [
          { path: 'querystring.before', message: 'Not one of your payouts: use the nextCursor of the previous page' },
        ]);
      }
    }
    // The cursor's position is read in SQL: a JavaScript Date would drop the microseconds and skip payouts.
    const rows = await sql<PayoutRow[]>`
      select * from payouts
      where channel_id = ${streamer.channelId}
        ${options.status ? sql`and status = ${options.status}` : sql``}
        ${options.before ? sql`and (created_at, id) < (select created_at, id from payouts where id = ${options.before})` : sql``}
      order by created_at desc, id desc
      limit ${options.limit + 1}`;
    const page = rows.slice(0, options.limit);
    return { payouts: page.map(toPayout), nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null };
  }

  /** The CSV a page at a time: the caller streams it out. */
  statement(streamer: PayoutStreamer, window: StatementWindow): Promise<AsyncGenerator<string>> {
    return statementCsv(this.deps.sql, streamer.channelId, window);
  }

  schedule(streamer: PayoutStreamer): Promise<PayoutSchedule> {
    return readSchedule(this.deps.sql, streamer.channelId);
  }

  setSchedule(streamer: PayoutStreamer, enabled: boolean): Promise<PayoutSchedule> {
    return writeSchedule(this.deps.sql, streamer.channelId, enabled);
  }
}
