import { z } from 'zod';
import type { PaymentEvent } from '../../providers/payment-provider';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import type { StripeWebhookEvent } from './stripe-signature';

/*
 * Each event type reads a few fields of `data.object`; each is validated with a small schema instead of a cast to
 * Stripe's types. Unknown fields are dropped, so Stripe adding fields never breaks parsing.
 */
const id = z.string().min(1);
const minorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .transform((code) => code.toUpperCase());

/** What tipchat set on its PaymentIntents (stripe-provider.ts); anything else there, or none, is no claim. */
const tipMetadata = z.object({ tip_id: z.uuid(), channel_id: z.uuid() }).nullish().catch(null);

const paymentIntentSucceeded = z.object({ id, amount: minorUnits, amount_received: minorUnits.nullish(), currency, metadata: tipMetadata });

const paymentIntentFailed = z.object({
  id,
  metadata: tipMetadata,
  last_payment_error: z.object({ code: z.string().nullish(), decline_code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

const stripeRefundStatus = z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']);

/**
 * Stripe's refund statuses, sorted by what they mean for the tip. A status Stripe adds later is refused (a 400, which
 * Stripe retries for days) rather than guessed: a refund counted as done or failed by mistake moves real money.
 */
const REFUND_STATUS: Record<z.infer<typeof stripeRefundStatus>, 'pending' | 'succeeded' | 'failed'> = {
  pending: 'pending',
  requires_action: 'pending',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'failed',
};

const refund = z.object({ id, amount: minorUnits, currency, status: stripeRefundStatus, payment_intent: id });

const dispute = z.object({
  id,
  amount: minorUnits,
  currency,
  payment_intent: id,
  status: z.string().min(1),
  balance_transactions: z.array(z.object({ fee: z.number().int(), currency })).optional(),
});

const isInquiry = (status: string) => status.startsWith('warning_');

/** For events we only record: whatever payment or object id is there, without requiring any. */
const anyObject = z.object({ id: z.string().optional().catch(undefined), payment_intent: z.string().nullish().catch(undefined) });

/** Turns one verified Stripe event into the normalised events the tips service applies. */
export function stripeEventToPaymentEvents(event: StripeWebhookEvent): PaymentEvent[] {
  const base = { eventId: event.id, providerType: event.type };
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const intent = read(event, paymentIntentSucceeded);
      // amount_received is what was actually collected; `amount` is only the fallback for payloads without it.
      const amount = intent.amount_received ?? intent.amount;
      return [{ ...base, ...claimOf(intent.metadata), kind: 'payment_succeeded', paymentId: intent.id, amount, currency: intent.currency }];
    }
    case 'payment_intent.payment_failed': {
      const intent = read(event, paymentIntentFailed);
      return [
        {
          ...base,
          ...claimOf(intent.metadata),
          kind: 'payment_failed',
          paymentId: intent.id,
          reason: failureReason(intent.last_payment_error),
        },
      ];
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      const object = read(event, refund);
      return [
        {
          ...base,
          kind: 'refund',
          paymentId: object.payment_intent,
          refundId: object.id,
          amount: object.amount,
          currency: object.currency,
          status: REFUND_STATUS[object.status],
        },
      ];
    }
    case 'charge.dispute.created': {
      const object = read(event, dispute);
      // An inquiry (warning_needs_response, warning_under_review) is a question from the card issuer: no money moves
      // unless it becomes a chargeback, which Stripe reports as a new dispute event.
      if (isInquiry(object.status)) return [{ ...base, kind: 'ignored', paymentId: object.payment_intent }];
      return [
        {
          ...base,
          kind: 'dispute_opened',
          paymentId: object.payment_intent,
          disputeId: object.id,
          amount: object.amount,
          currency: object.currency,
        },
      ];
    }
    case 'charge.dispute.closed': {
      const object = read(event, dispute);
      // warning_closed: an inquiry ended without a chargeback; it never withdrew anything.
      if (isInquiry(object.status)) return [{ ...base, kind: 'ignored', paymentId: object.payment_intent }];
      const outcome = object.status === 'won' ? 'won' : 'lost';
      const fee = outcome === 'won' ? 0 : disputeFee(object);
      return [{ ...base, kind: 'dispute_closed', paymentId: object.payment_intent, disputeId: object.id, outcome, fee }];
    }
    /*
     * charge.refunded carries the charge's cumulative amount_refunded. Refunds are applied one by one from the
     * refund.* events, keyed by refund id; counting this one as well would refund the same money twice.
     */
    default: {
      const object = anyObject.parse(event.data.object);
      return [{ ...base, kind: 'ignored', paymentId: object.payment_intent ?? object.id ?? '' }];
    }
  }
}

function claimOf(metadata: z.infer<typeof tipMetadata>): Pick<PaymentEvent, 'claimedTip'> {
  return metadata ? { claimedTip: { tipId: metadata.tip_id, channelId: metadata.channel_id } } : {};
}

function read<T>(event: StripeWebhookEvent, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(event.data.object);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(object)'))].join(', ');
  throw new WebhookVerificationError(
    'stripe',
    'unparsable_body',
    `Stripe ${event.type} event ${event.id} has missing or invalid fields: ${fields}`,
  );
}

function failureReason(error: z.infer<typeof paymentIntentFailed>['last_payment_error']): string {
  const code = [error?.code, error?.decline_code].filter(Boolean).join('/');
  const message = error?.message;
  if (code && message) return `${message} (${code})`;
  return message || code || 'Payment failed without a reason from Stripe';
}

/**
 * Stripe's dispute fee is the `fee` of the balance transactions that withdrew the disputed amount. A balance
 * transaction is in the account's settlement currency; one in another currency than the dispute's cannot be added
 * to the tip's ledger without Stripe's conversion, so only those in the dispute's currency count.
 */
function disputeFee(object: z.infer<typeof dispute>): number {
  const fee = (object.balance_transactions ?? []).filter((txn) => txn.currency === object.currency).reduce((sum, txn) => sum + txn.fee, 0);
  return Math.max(0, fee);
}
