import type { IncomingHttpHeaders } from 'node:http';
import type { CurrencyCode, DevCheckoutOutcome, PaymentProviderName } from '@tipchat/sdk/protocol';

/**
 * One interface for every way a tip can be paid. The tips service never talks to a provider's
 * API or reads a provider's payload itself: it asks a provider to start a payment, and it applies
 * the normalised events a provider's webhook delivery turns into. The dev provider's simulated
 * checkout produces the same events, so all three go through one processing path.
 */
export type ProviderName = 'dev' | 'stripe' | 'cashfree';

/** What a provider needs to start collecting one tip. Amounts come from our database, never the browser. */
export interface PaymentRequest {
  tipId: string;
  channelId: string;
  channelSlug: string;
  channelName: string;
  /** Integer minor units (paise, cents, yen). */
  amount: number;
  currency: CurrencyCode;
  /** Shown on the tipper's statement / checkout page. */
  description: string;
  /** Where a hosted checkout sends the viewer back to (Cashfree's return_url). */
  returnUrl: string;
  /** Our webhook endpoint for this provider (Cashfree's notify_url). */
  notifyUrl: string;
  tipper: { name: string; email: string | null; phone: string | null };
}

/** What the viewer's browser must do next to pay. Secrets here are the provider's client-side ones only. */
export type NextAction =
  | { type: 'dev_checkout' }
  | { type: 'stripe_payment_element'; clientSecret: string; publishableKey: string }
  | { type: 'cashfree_checkout'; paymentSessionId: string; mode: 'sandbox' | 'production' };

export interface CreatedPayment {
  /** The provider's id of the payment: PaymentIntent id (`pi_…`), Cashfree order id, dev id. Unique per provider. */
  paymentId: string;
  next: NextAction;
}

interface EventBase {
  /**
   * Unique per provider and per business event: Stripe's `evt_…`; for Cashfree, which has no event
   * id, one built from the payment or refund id and its status. Seen twice → processed once.
   */
  eventId: string;
  /** The provider's payment this event is about (PaymentIntent id, Cashfree order id). */
  paymentId: string;
  /** The provider's own event type, for logs and the event record. */
  providerType: string;
  /**
   * The tip and channel the payment says it is for, where the provider hands back what we set on it (a
   * PaymentIntent's metadata). Lets the processor queue at the channel and take its locks without first reading
   * the tip; the tip found by `paymentId` stays the truth, and an event whose claim disagrees with it is applied
   * as if it had none.
   */
  claimedTip?: { tipId: string; channelId: string };
}

export type PaymentEvent = EventBase &
  (
    | {
        kind: 'payment_succeeded';
        amount: number;
        currency: CurrencyCode | string;
        /**
         * The provider's id of this payment attempt when one order can be paid more than once (Cashfree's
         * `cf_payment_id`). A success with another attempt id than the one that paid the tip is a second payment:
         * money collected twice, booked to suspense and flagged. Absent: a second success is a late copy (stale).
         */
        attemptId?: string;
      }
    /** A failed attempt. Not final for every provider (a Cashfree order can be paid on a later attempt). */
    | { kind: 'payment_failed'; reason: string }
    /** One refund, keyed by its own id; the same refund may be reported again with a later status. */
    | {
        kind: 'refund';
        refundId: string;
        amount: number;
        currency: CurrencyCode | string;
        status: 'pending' | 'succeeded' | 'failed';
        /**
         * True when the provider never takes back a refund it reported succeeded (Cashfree): a failure and a success
         * of the same refund then contradict each other, in whichever order they arrive, and the second is flagged
         * for review instead of moving money. Absent (Stripe): a succeeded refund may still fail later — the bank
         * sends it back and Stripe returns the funds to our balance — so the failure puts the money back.
         */
        successIsFinal?: boolean;
      }
    /** The provider withdrew the disputed amount from us. */
    | { kind: 'dispute_opened'; disputeId: string; amount: number; currency: CurrencyCode | string }
    /** Decided. `fee` is the provider's dispute fee in minor units (0 when none or when won). */
    | { kind: 'dispute_closed'; disputeId: string; outcome: 'won' | 'lost'; fee: number }
    /** Verified, but nothing tipchat acts on (acknowledged and recorded). */
    | { kind: 'ignored' }
    /**
     * Verified, but not to be applied on this server (a test-mode Stripe event on a live key, or the reverse):
     * acknowledged, recorded and stored for review, never applied.
     */
    | { kind: 'refused'; reason: 'livemode_mismatch'; message: string }
  );

export type PaymentEventKind = PaymentEvent['kind'];

export interface RefundRequest {
  tipId: string;
  paymentId: string;
  /** Our id for this refund; the idempotency key of the provider call, so a retried request refunds once. */
  refundId: string;
  amount: number;
  currency: CurrencyCode;
  reason: string;
}

export interface PaymentProvider {
  readonly name: ProviderName;
  /** Starts a payment for a pending tip. Must be safe to retry with the same tip id (idempotency key `tip:<id>`). */
  createPayment(request: PaymentRequest): Promise<CreatedPayment>;
  /** Asks the provider to refund; the refund's outcome arrives later as a `refund` event. */
  refund(request: RefundRequest): Promise<void>;
  /**
   * Verifies a webhook delivery against the raw bytes and turns it into events. Throws
   * WebhookVerificationError (a 400 for the sender) when the signature, timestamp or body is wrong.
   */
  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): PaymentEvent[];
}

/** A provider call failed (network, 5xx, refused request): the tip is not created and the viewer may retry. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  constructor(
    readonly provider: ProviderName,
    message: string,
    /** The provider's own error code when it sent one, for logs. */
    readonly providerCode: string | null = null,
    /** True when the provider refused the request itself (4xx), false when it could not be reached or failed. */
    readonly refused = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A dev checkout's payment, read by the caller from our database (never from the browser). */
export interface DevPaymentFacts {
  paymentId: string;
  amount: number;
  currency: string;
}

/** The simulated provider's checkout: the viewer's chosen outcome, reported as that provider's events. */
export interface DevCheckout {
  checkout(payment: DevPaymentFacts, outcome: DevCheckoutOutcome): Promise<void>;
}

/** The providers this server was configured with, as the tips feature sees them. */
export interface PaymentProviderSet {
  /** The simulated provider, when enabled (never in production). */
  readonly dev: DevCheckout | null;
  get(name: PaymentProviderName): PaymentProvider | null;
  /** Providers that can take a tip in `currency`, preferred first. */
  availableFor(currency: CurrencyCode): PaymentProviderName[];
}
