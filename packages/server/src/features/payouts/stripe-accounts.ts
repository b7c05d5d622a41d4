import type { StripeAccount, StripeOnboarding } from '@tipchat/sdk/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, notFound } from '../../errors';
import type { ConnectedAccountSnapshot, ConnectedAccounts } from '../../providers/connected-accounts';
import { RailError } from '../../providers/payout-rail';
import type { FeatureDeps } from '../deps';
import type { PayoutStreamer } from './streamer';

interface StripeAccountRow {
  channelId: string;
  stripeAccountId: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  requirements: string[];
}

const toStripeAccount = (row: StripeAccountRow): StripeAccount => ({
  stripeAccountId: row.stripeAccountId,
  chargesEnabled: row.chargesEnabled,
  payoutsEnabled: row.payoutsEnabled,
  detailsSubmitted: row.detailsSubmitted,
  requirements: row.requirements,
});

export type AccountUpdateOutcome = 'applied' | 'duplicate' | 'stale' | 'unknown_account';

/**
 * The channel's Stripe Express connected account: created on the first onboarding request, kept up to date by
 * `account.updated` webhooks. Payouts in non-INR currencies go to it once Stripe says `payouts_enabled`.
 */
export class StripeAccountService {
  constructor(
    private readonly deps: FeatureDeps,
    /** Null when Stripe is not configured. */
    private readonly stripe: ConnectedAccounts | null,
    private readonly log: FastifyBaseLogger,
  ) {}

  async get(streamer: PayoutStreamer): Promise<StripeAccount> {
    const [row] = await this.deps.sql<StripeAccountRow[]>`select * from payout_stripe_accounts where channel_id = ${streamer.channelId}`;
    if (!row) throw notFound('Stripe account');
    return toStripeAccount(row);
  }

  /**
   * Creates the connected account if the channel has none (the channel is the idempotency key, so concurrent or
   * retried requests end with one account) and a fresh onboarding link, which Stripe lets live a few minutes.
   */
  async onboard(streamer: PayoutStreamer, urls: { returnUrl: string; refreshUrl: string }): Promise<StripeOnboarding> {
    const stripe = this.stripe;
    if (!stripe) throw new AppError('PROVIDER_NOT_AVAILABLE', 'Stripe Connect is not set up on this server');
    this.checkOrigin(urls.returnUrl, 'body.returnUrl');
    this.checkOrigin(urls.refreshUrl, 'body.refreshUrl');
    let [row] = await this.deps.sql<StripeAccountRow[]>`select * from payout_stripe_accounts where channel_id = ${streamer.channelId}`;
    if (!row) {
      const created = await this.providerCall(() => stripe.create({ channelId: streamer.channelId, email: streamer.email }));
      // A webhook about the new account, or a concurrent request (the same account: one idempotency key), may have
      // stored it first, with fresher details: keep those. No conflict target: the row is unique by channel and by
      // account, and two such inserts racing on Postgres can collide on either index (PGlite never runs them at once).
      await this.deps.sql`
        insert into payout_stripe_accounts (channel_id, stripe_account_id, charges_enabled, payouts_enabled, details_submitted, requirements)
        values (${streamer.channelId}, ${created.stripeAccountId}, ${created.chargesEnabled}, ${created.payoutsEnabled},
          ${created.detailsSubmitted}, ${this.deps.sql.json(created.requirements)})
        on conflict do nothing`;
      [row] = await this.deps.sql<StripeAccountRow[]>`select * from payout_stripe_accounts where channel_id = ${streamer.channelId}`;
      if (!row) throw new Error('connected account row missing after insert');
    }
    const accountId = row.stripeAccountId;
    const link = await this.providerCall(() => stripe.onboardingLink(accountId, urls));
    return { account: toStripeAccount(row), onboardingUrl: link.url, expiresAt: link.expiresAt.toISOString() };
  }

  /**
   * `account.updated`: stores what Stripe says about the account, once per event, and only if no later event was
   * applied already (Stripe does not promise order). An account created for one of our channels that we have not
   * stored yet (the webhook overtook the creation's answer) is stored from its metadata.
   */
  async applyUpdate(eventId: string, createdAt: number, account: ConnectedAccountSnapshot): Promise<AccountUpdateOutcome> {
    return this.deps.sql.begin(async (tx) => {
      const [row] = await tx<StripeAccountRow[]>`
        select * from payout_stripe_accounts where stripe_account_id = ${account.stripeAccountId} for update`;
      const channelId = row?.channelId ?? account.channelId;
      const known = channelId !== null && (row !== undefined || (await tx`select 1 from channels where id = ${channelId}`).length > 0);
      const newer = await tx`
        select 1 from payout_events
        where provider = 'stripe' and outcome = 'applied' and event ->> 'type' = 'account.updated'
          and event -> 'account' ->> 'stripeAccountId' = ${account.stripeAccountId} and (event ->> 'created')::bigint > ${createdAt}
        limit 1`;
      const record = { type: 'account.updated', created: createdAt, account: { ...account } };
      const outcome: AccountUpdateOutcome = !known ? 'unknown_account' : newer.length > 0 ? 'stale' : 'applied';
      const recorded = await tx`
        insert into payout_events (provider, event_id, outcome, event) values ('stripe', ${eventId}, ${outcome}, ${tx.json(record)})
        on conflict (provider, event_id) do nothing returning event_id`;
      if (recorded.length === 0) return 'duplicate';
      if (outcome !== 'applied' || channelId === null) return outcome;
      await tx`
        insert into payout_stripe_accounts (channel_id, stripe_account_id, charges_enabled, payouts_enabled, details_submitted, requirements)
        values (${channelId}, ${account.stripeAccountId}, ${account.chargesEnabled}, ${account.payoutsEnabled}, ${account.detailsSubmitted},
          ${tx.json(account.requirements)})
        on conflict (channel_id) do update set
          charges_enabled = excluded.charges_enabled, payouts_enabled = excluded.payouts_enabled,
          details_submitted = excluded.details_submitted, requirements = excluded.requirements, updated_at = now()
        where payout_stripe_accounts.stripe_account_id = excluded.stripe_account_id`;
      this.log.info(
        { channelId, stripeAccountId: account.stripeAccountId, payoutsEnabled: account.payoutsEnabled },
        'Stripe account updated',
      );
      return outcome;
    });
  }

  /** Stripe sends the streamer back to these: only our own dashboard, or a link could send them anywhere. */
  private checkOrigin(url: string, path: string): void {
    if (new URL(url).origin !== this.deps.config.dashboardOrigin) {
      throw new AppError('VALIDATION_FAILED', 'The request is not valid', [
        { path, message: `Must be on ${this.deps.config.dashboardOrigin}` },
      ]);
    }
  }

  private async providerCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RailError)) throw error;
      this.log.warn({ err: error, providerCode: error.providerCode }, 'Stripe Connect call failed');
      throw new AppError('PAYOUT_PROVIDER_ERROR', `Stripe could not be reached or refused the request: ${error.message}`, undefined, error);
    }
  }
}
