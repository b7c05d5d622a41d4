import { createHash, randomUUID } from 'node:crypto';
import type { createTipBodySchema } from '@tipchat/sdk/protocol';
import {
  type CurrencyCode,
  type DevCheckoutOutcome,
  type FeeBreakdown,
  type NextAction,
  type PaymentProviderName,
  type RefundTipBody,
  type TipOptions,
  type TipperTip,
  tierFor,
} from '@tipchat/sdk/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Config } from '../../config';
import { AppError, notFound } from '../../errors';
import { type FeeSchedule, platformFee } from '../../ledger';
import type { PaymentProviderSet, PaymentRequest } from '../../providers/payment-provider';
import { ProviderError } from '../../providers/payment-provider';
import { cleanText, codePointLength } from '../../text/clean-text';
import type { Actor } from '../access/actor';
import type { ChannelInfo } from '../access/channel-access';
import { hashToken } from '../auth/opaque-tokens';
import { containsLink } from '../chat/links';
import { readChatState } from '../chat/settings-service';
import type { FeatureDeps } from '../deps';
import { currentFeeSchedule } from '../fees/fee-settings';
import { claimKeyQuery, keyInUse } from '../idempotency/store';
import { activeBan, readBlockedTerms } from '../moderation/checks';
import { channelUnavailableForTips } from '../restrictions/tips-refused';
import { bannedError } from '../viewers/banned';
import { displayName } from '../viewers/display-name';
import { channelTiers } from './tiers';
import { firstTipAnswer, type TipKey, tipKey } from './tip-key';
import { findTip } from './tip-store';
import { type TipRow, toPublicTip, toTipFeedItem } from './tip-view';

type CreateTip = z.output<typeof createTipBodySchema>;

/** A tip creation's Idempotency-Key and the caller's address (the key's scope when nothing else names the caller). */
export interface TipIdempotency {
  key: string;
  ip: string;
}

interface TipChannel {
  id: string;
  slug: string;
  displayName: string;
  currency: CurrencyCode;
  minTip: number;
  maxTip: number;
  tipPresets: number[];
  tipTiers: unknown;
  liveStreamId: string | null;
  /** The operator restricted the owner's account: no new tips (migration 0014). */
  ownerRestricted: boolean;
}

/**
 * Tips from the viewer's side: what a tip costs, starting one with a provider, following it, and
 * the dev checkout. Amounts and outcomes come from our database and the providers' signed events,
 * never from the browser.
 */
export class TipService {
  constructor(
    private readonly deps: FeatureDeps,
    private readonly providers: PaymentProviderSet,
    private readonly log: FastifyBaseLogger,
  ) {}

  private get payments(): Config['payments'] {
    return this.deps.config.payments;
  }

  async options(channel: ChannelInfo, amount: number | undefined): Promise<TipOptions> {
    const [row, schedule] = await Promise.all([this.tipChannel(channel.id), this.feeSchedule()]);
    // The tip form opens on these options: a restricted channel's form shows this refusal instead.
    if (row.ownerRestricted) throw channelUnavailableForTips();
    return {
      currency: row.currency,
      minTip: row.minTip,
      maxTip: row.maxTip,
      presets: row.tipPresets,
      tiers: channelTiers(row),
      fee: { basisPoints: schedule.basisPoints, fixed: schedule.fixed[row.currency] ?? 0 },
      providers: this.providers.availableFor(row.currency),
      quote: amount === undefined ? null : this.fee(amount, row.currency, schedule),
    };
  }

  /**
   * Checks in a fixed order, each refusal with its own code, before anything is stored or any
   * provider is called: channel currency and limits, provider, name, message (the tier's length,
   * the chat's link rule), bans. A blocked term does not refuse the tip — the viewer is paying —
   * it holds the text back from every public view until the streamer has seen it.
   */
  async create(channel: ChannelInfo, actor: Actor, body: CreateTip, idempotency?: TipIdempotency): Promise<{ tipper: TipperTip }> {
    const deviceHash = body.deviceToken ? hashToken(body.deviceToken) : null;
    // A retry with the key of a tip already started: its first answer, before any check or provider call.
    const key = idempotency ? tipKey(channel.id, actor, deviceHash, idempotency.ip, idempotency.key, body) : null;
    if (key) {
      const first = await this.firstAnswer(key);
      if (first) return { tipper: first };
    }
    // Everything the checks read, asked at once; the checks below still refuse in their fixed order.
    const [row, { settings }, terms, ban, schedule] = await Promise.all([
      this.tipChannel(channel.id),
      readChatState(this.deps.sql, channel.id),
      readBlockedTerms(this.deps.sql, channel.id),
      activeBan(this.deps.sql, channel.id, { viewerId: actor.viewerId, userId: actor.userId, deviceHash }),
      this.feeSchedule(),
    ]);
    if (row.ownerRestricted) throw channelUnavailableForTips();
    if (body.currency !== row.currency) {
      throw new AppError('CURRENCY_NOT_ACCEPTED', `This channel takes tips in ${row.currency}`, { currency: row.currency });
    }
    if (body.amount < row.minTip) throw new AppError('TIP_AMOUNT_TOO_LOW', 'The tip is below the channel minimum', { min: row.minTip });
    if (body.amount > row.maxTip) throw new AppError('TIP_AMOUNT_TOO_HIGH', 'The tip is above the channel maximum', { max: row.maxTip });
    const providerName = this.chooseProvider(row.currency, body.provider);
    const provider = this.providers.get(providerName);
    if (!provider) throw new AppError('PROVIDER_NOT_AVAILABLE', `${providerName} is not available on this server`);

    const name = displayName(body.displayName, { min: 1, max: 32 });
    const message = cleanText(body.message);
    const { index, tier } = tierFor(channelTiers(row), body.amount);
    if (codePointLength(message) > tier.maxMessageLength) {
      throw new AppError('MESSAGE_TOO_LONG', `A tip of this amount carries a message of at most ${tier.maxMessageLength} characters`, {
        max: tier.maxMessageLength,
      });
    }
    if (!settings.linksAllowed && containsLink(message)) throw new AppError('LINKS_NOT_ALLOWED', 'Links are not allowed in this chat');
    if (terms.firstIn(name.name)) throw new AppError('BLOCKED_TERM', 'This name contains a term this channel does not allow');
    if (ban) throw bannedError(ban.expiresAt);
    const held = message !== '' && terms.firstIn(message) !== null;
    // The fee in force now is stored with the tip: a later fee setting never changes it.
    const fee = this.fee(body.amount, row.currency, schedule);

    const sql = this.deps.sql;
    const tipId = randomUUID();
    // The key is claimed in the tip's own statement: two requests with one key make one tip, and the loser of the race
    // (no row) answers with the winner's result.
    const [tip] = await sql<TipRow[]>`
      ${key ? sql`with claimed as (${claimKeyQuery(sql, { ...key, tipId })})` : sql``}
      insert into tips (id, channel_id, stream_id, provider, amount, currency, fee, display_name, message, message_held,
        viewer_id, user_id, device_hash, tier, email)
      select ${tipId}, ${row.id}, ${row.liveStreamId}, ${providerName}, ${body.amount}, ${row.currency}, ${fee.fee}, ${name.name},
        ${message}, ${held}, ${actor.viewerId}, ${actor.userId}, ${deviceHash}, ${sql.json({ ...tier, index })}, ${body.email ?? null}
      ${key ? sql`where exists (select 1 from claimed)` : sql``}
      returning *`;
    if (!tip) {
      if (!key) throw new Error('tipchat: tip insert returned nothing');
      const first = await this.firstAnswer(key);
      if (first) return { tipper: first };
      throw keyInUse();
    }

    // The provider is called outside any transaction: a slow provider must not hold the database.
    let next: NextAction;
    let paymentId: string;
    try {
      ({ paymentId, next } = await provider.createPayment(this.paymentRequest(row, tip, body)));
    } catch (error) {
      const reason = error instanceof ProviderError ? error.message : 'The payment provider could not be reached';
      // The key is let go with the failure: a retry with it starts the tip again rather than repeat the provider's refusal.
      await sql`
        ${key ? sql`with released as (delete from idempotency_keys where scope = ${key.scope} and key = ${key.key})` : sql``}
        update tips set status = 'failed', failure_reason = ${reason.slice(0, 500)}, updated_at = now() where id = ${tip.id}`;
      this.log.warn({ err: error, tipId: tip.id, provider: providerName }, 'payment provider refused or failed to start a tip');
      throw new AppError('PAYMENT_PROVIDER_ERROR', 'The payment provider could not start this payment; try again', {
        provider: providerName,
      });
    }
    // The answer is known before the update (the tip plus its payment), so the key stores it in the same statement.
    const tipper = this.tipperView({ ...tip, paymentId, nextAction: next });
    const [started] = await sql<TipRow[]>`
      ${key ? sql`with answered as (update idempotency_keys set response = ${sql.json(tipper as never)} where scope = ${key.scope} and key = ${key.key})` : sql``}
      update tips set payment_id = ${paymentId}, next_action = ${sql.json(next as never)}, updated_at = now()
      where id = ${tip.id} returning *`;
    if (!started) throw new Error('tipchat: tip vanished after its payment was created');
    return { tipper };
  }

  /** The key's first answer; 409 while the first request is still at the provider (retry shortly with the same key). */
  private async firstAnswer(key: TipKey): Promise<TipperTip | null> {
    const first = await firstTipAnswer(this.deps.sql, key);
    if (first === 'pending') throw keyInUse();
    return first;
  }

  async get(tipId: string): Promise<TipperTip> {
    const tip = await findTip(this.deps.sql, tipId);
    if (!tip) throw notFound('Tip');
    return this.tipperView(tip);
  }

  /** The dev provider's checkout: the viewer picks an outcome, the provider reports it as an event. */
  async devCheckout(tipId: string, outcome: DevCheckoutOutcome): Promise<TipperTip> {
    const dev = this.providers.dev;
    const tip = await findTip(this.deps.sql, tipId);
    if (tip?.provider !== 'dev' || !dev) throw notFound('Dev checkout for this tip');
    if (tip.paidAt || !tip.paymentId) throw new AppError('TIP_NOT_PAYABLE', 'This tip is already paid');
    await dev.checkout({ paymentId: tip.paymentId, amount: tip.amount, currency: tip.currency }, outcome);
    return this.get(tipId);
  }

  /**
   * The streamer (whom the route alone lets in) gives money back. The provider carries it out and
   * reports it as a refund event, which moves the ledger like any other; the refund id is derived
   * from what is being refunded, so a double click or a retried request asks the provider for the
   * same refund, not a second one.
   */
  async refund(channel: ChannelInfo, tipId: string, body: RefundTipBody) {
    const tip = await findTip(this.deps.sql, tipId);
    if (!tip || tip.channelId !== channel.id) throw notFound('Tip');
    const refundable = tip.amount - tip.refundedAmount - tip.disputedAmount;
    if (!tip.paidAt || !tip.paymentId || tip.status === 'disputed' || refundable <= 0) {
      throw new AppError('TIP_NOT_REFUNDABLE', 'Only a paid tip with money left on it, and no open dispute, can be refunded');
    }
    const amount = body.amount ?? refundable;
    if (amount > refundable) throw new AppError('REFUND_TOO_LARGE', `At most ${refundable} can still be refunded`, { max: refundable });
    const provider = this.providers.get(tip.provider);
    if (!provider) throw new AppError('PROVIDER_NOT_AVAILABLE', `${tip.provider} is not configured on this server any more`);
    // A refund the provider failed or cancelled stays failed under its id, so asking again after one must name a new
    // refund: the count of failed refunds is part of what the id is derived from.
    const [failures] = await this.deps.sql<{ count: number }[]>`
      select count(*)::int as count from tip_refunds where tip_id = ${tip.id} and status = 'failed'`;
    const attempt = `${tip.id}:${tip.refundedAmount}:${amount}:${failures?.count ?? 0}`;
    const refundId = `rf_${createHash('sha256').update(attempt).digest('hex').slice(0, 32)}`;
    try {
      await provider.refund({
        tipId: tip.id,
        paymentId: tip.paymentId,
        refundId,
        amount,
        currency: tip.currency,
        reason: body.reason ?? '',
      });
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.log.warn({ err: error, tipId: tip.id }, 'refund refused or failed at the provider');
      throw new AppError('PAYMENT_PROVIDER_ERROR', `The provider did not accept the refund: ${error.message}`, { provider: tip.provider });
    }
    const after = await findTip(this.deps.sql, tip.id);
    return toTipFeedItem(after ?? tip);
  }

  private fee(amount: number, currency: CurrencyCode, schedule: FeeSchedule): FeeBreakdown {
    const { fee, net } = platformFee(amount, currency, schedule);
    return { amount, fee, net };
  }

  /** The operator's current fee setting (the configured one until an admin sets one). */
  private feeSchedule(): Promise<FeeSchedule> {
    return currentFeeSchedule(this.deps.sql, this.payments.fee);
  }

  private chooseProvider(currency: CurrencyCode, requested: PaymentProviderName | undefined): PaymentProviderName {
    const available = this.providers.availableFor(currency);
    if (requested) {
      if (!available.includes(requested)) {
        throw new AppError('PROVIDER_NOT_AVAILABLE', `${requested} cannot take ${currency} tips on this server`, { available });
      }
      return requested;
    }
    const first = available[0];
    if (!first) throw new AppError('PROVIDER_NOT_AVAILABLE', `No payment provider on this server takes ${currency}`);
    return first;
  }

  private paymentRequest(channel: TipChannel, tip: TipRow, body: CreateTip): PaymentRequest {
    const base = this.deps.config.publicUrl;
    return {
      tipId: tip.id,
      channelId: channel.id,
      channelSlug: channel.slug,
      channelName: channel.displayName,
      amount: tip.amount,
      currency: tip.currency,
      description: `Tip to ${channel.displayName} on tipchat`,
      returnUrl: `${base}/tips/${tip.id}/return`,
      notifyUrl: `${base}/api/v1/webhooks/${tip.provider}`,
      tipper: { name: tip.displayName, email: body.email ?? null, phone: body.phone ?? null },
    };
  }

  private tipperView(tip: TipRow): TipperTip {
    const payable = tip.paidAt === null && tip.paymentId !== null;
    return {
      tip: toPublicTip(tip),
      provider: tip.provider,
      fee: { amount: tip.amount, fee: tip.fee, net: tip.amount - tip.fee },
      failureReason: tip.failureReason,
      next: payable ? tip.nextAction : null,
    };
  }

  private async tipChannel(channelId: string): Promise<TipChannel> {
    const [row] = await this.deps.sql<TipChannel[]>`
      select c.id, c.slug, c.display_name, c.currency, c.min_tip, c.max_tip, c.tip_presets, c.tip_tiers,
        (select s.id from streams s where s.channel_id = c.id and s.ended_at is null) as live_stream_id,
        exists (select 1 from operator_restrictions r where r.user_id = c.owner_id) as owner_restricted
      from channels c where c.id = ${channelId}`;
    if (!row) throw notFound('Channel');
    return row;
  }
}
