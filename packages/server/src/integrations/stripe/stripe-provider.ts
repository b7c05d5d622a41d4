import type { IncomingHttpHeaders } from 'node:http';
import type Stripe from 'stripe';
import {
  type CreatedPayment,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  ProviderError,
  type RefundRequest,
} from '../../providers/payment-provider';
import type { Clock } from '../../providers/webhook-errors';
import { toProviderError } from './errors';
import { type StripeWebhookEvent, verifyStripeWebhook } from './stripe-signature';
import { stripeEventToPaymentEvents } from './webhook-events';

export interface StripeProviderOptions {
  /** From createStripeClient. */
  client: Stripe;
  /** `pk_…`, handed to the browser with the PaymentIntent's client secret. */
  publishableKey: string;
  /** Webhook endpoint secrets (`whsec_…`); two during a rotation. */
  webhookSecrets: string[];
  /**
   * Whether the secret key is a live one (`sk_live_…`/`rk_live_…`; see stripeKeyIsLive). Events of the other mode
   * are refused: a test-mode event must never pay a tip on a live server, and the reverse.
   */
  livemode: boolean;
  toleranceSeconds?: number;
  now?: Clock;
}

/**
 * Tips paid with Stripe's Payment Element: one PaymentIntent per tip, confirmed in the viewer's browser; the outcome,
 * refunds and disputes arrive as webhooks.
 */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;

  constructor(private readonly options: StripeProviderOptions) {
    if (options.webhookSecrets.every((secret) => secret.trim() === '')) throw new Error('StripeProvider needs a webhook secret');
  }

  async createPayment(request: PaymentRequest): Promise<CreatedPayment> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.options.client.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          description: request.description,
          metadata: { tip_id: request.tipId, channel_id: request.channelId, channel_slug: request.channelSlug },
          ...(request.tipper.email ? { receipt_email: request.tipper.email } : {}),
        },
        // The same tip always gets the same PaymentIntent, however often the viewer or the library retries.
        { idempotencyKey: `tip:${request.tipId}` },
      );
    } catch (err) {
      throw toProviderError(err, 'create the payment');
    }
    // Always there for a PaymentIntent created with a secret key; without it the browser could not pay.
    if (!intent.client_secret) throw new ProviderError('stripe', `Stripe returned PaymentIntent ${intent.id} without a client secret`);
    return {
      paymentId: intent.id,
      next: { type: 'stripe_payment_element', clientSecret: intent.client_secret, publishableKey: this.options.publishableKey },
    };
  }

  async refund(request: RefundRequest): Promise<void> {
    try {
      await this.options.client.refunds.create(
        {
          payment_intent: request.paymentId,
          amount: request.amount,
          reason: 'requested_by_customer',
          metadata: { tip_id: request.tipId, refund_id: request.refundId },
        },
        { idempotencyKey: `refund:${request.refundId}` },
      );
    } catch (err) {
      throw toProviderError(err, 'refund the payment');
    }
  }

  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): PaymentEvent[] {
    const { event } = verifyStripeWebhook(rawBody, headers['stripe-signature'], {
      secrets: this.options.webhookSecrets,
      toleranceSeconds: this.options.toleranceSeconds,
      now: this.options.now,
    });
    if (event.livemode !== this.options.livemode) return [livemodeMismatch(event, this.options.livemode)];
    return stripeEventToPaymentEvents(event);
  }
}

/** `sk_live_…` and `rk_live_…` keys act on real money; `…_test_…` keys on Stripe's test mode. */
export function stripeKeyIsLive(secretKey: string): boolean {
  return /^(sk|rk)_live_/.test(secretKey);
}

/**
 * A correctly signed event of the other mode: possible when one webhook endpoint secret is shared by a test and a
 * live endpoint, or a test endpoint is pointed at a live server. Refused, not failed: see the processor's `refused`.
 */
function livemodeMismatch(event: StripeWebhookEvent, serverLive: boolean): PaymentEvent {
  const object = event.data.object;
  const paymentIntent = typeof object.payment_intent === 'string' ? object.payment_intent : undefined;
  const id = typeof object.id === 'string' ? object.id : undefined;
  const paymentId = paymentIntent ?? (event.type.startsWith('payment_intent.') ? id : undefined) ?? '';
  return {
    kind: 'refused',
    reason: 'livemode_mismatch',
    eventId: event.id,
    paymentId,
    providerType: event.type,
    message: `A ${event.livemode ? 'live' : 'test'}-mode event reached a server with a ${serverLive ? 'live' : 'test'} Stripe key`,
  };
}
