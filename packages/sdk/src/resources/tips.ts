import type { HttpClient } from '../http';
import { type IdempotentOptions, newIdempotencyKey } from '../idempotency';
import type { TipTier } from '../protocol/tiers';
import type { CreateTipBody, DevCheckoutOutcome, RefundTipBody, Tiers, TipFeedItem, TipOptions, TipperTip } from '../protocol/tips';
import { channelPath } from './paths';

const TERMINAL = new Set(['succeeded', 'partially_refunded', 'refunded', 'disputed', 'dispute_lost']);

/**
 * Tipping. A viewer needs no account: `options` tells the form what a tip costs (fee included),
 * `create` starts one and says what the browser must do to pay, `get`/`waitForPayment` follow it.
 * When the viewer joined the chat, their chat token goes along and links the tip to them.
 */
export class TipsResource {
  constructor(private readonly http: HttpClient) {}

  /** Currency, limits, presets, tiers, providers and the platform fee; with `amount`, that amount's fee and net. */
  options(slug: string, amount?: number): Promise<TipOptions> {
    return this.http.request('GET', channelPath(slug, 'tip-options'), { query: { amount }, auth: 'optional', channel: slug });
  }

  /**
   * A pending tip and its next step: the dev checkout, Stripe's Payment Element, or Cashfree's
   * checkout. Carries an Idempotency-Key (a new random one per call unless
   * `options.idempotencyKey` is given): a retry with the same key gets the same tip and payment
   * step back instead of starting a second tip.
   */
  create(slug: string, body: CreateTipBody, options: IdempotentOptions = {}): Promise<TipperTip> {
    const headers = { 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() };
    return this.http.request('POST', channelPath(slug, 'tips'), { body, auth: 'optional', channel: slug, headers });
  }

  get(tipId: string): Promise<TipperTip> {
    return this.http.request('GET', `/api/v1/tips/${encodeURIComponent(tipId)}`);
  }

  /**
   * Polls until the tip is paid or has failed (or `timeoutMs` passes), for a tipper's widget
   * after the provider's checkout. Returns the last state seen.
   */
  async waitForPayment(tipId: string, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<TipperTip> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const state = await this.get(tipId);
      if (TERMINAL.has(state.tip.status) || state.tip.status === 'failed' || Date.now() >= deadline) return state;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
    }
  }

  /** Dev provider only: simulate the checkout's outcome. */
  devCheckout(tipId: string, outcome: DevCheckoutOutcome): Promise<TipperTip> {
    return this.http.request('POST', `/api/v1/tips/${encodeURIComponent(tipId)}/dev-checkout`, { body: { outcome } });
  }

  /** Streamer: refund all (default) or part of a tip. The balance moves when the provider confirms. */
  refund(slug: string, tipId: string, body: RefundTipBody = {}): Promise<TipFeedItem> {
    return this.http.request('POST', channelPath(slug, 'tips', tipId, 'refund'), { body, auth: true, channel: slug });
  }

  tiers(slug: string): Promise<Tiers> {
    return this.http.request('GET', channelPath(slug, 'tiers'), { channel: slug });
  }

  /** Streamer: set the tiers, or `null` for the currency's defaults. */
  setTiers(slug: string, tiers: TipTier[] | null): Promise<Tiers> {
    return this.http.request('PUT', channelPath(slug, 'tiers'), { body: { tiers }, auth: true, channel: slug });
  }
}
