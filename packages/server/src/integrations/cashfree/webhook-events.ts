import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PaymentEvent } from '../../providers/payment-provider';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import { toMinorUnits } from './amounts';
import type { CashfreeWebhookEvent } from './cashfree-signature';

/** Cashfree writes some ids as JSON numbers in older webhook versions and as strings in newer ones. */
const idSchema = z.union([z.string().min(1), z.number().int().nonnegative().transform(String)]);
const amountSchema = z.number().positive();

const paymentDataSchema = z.object({
  order: z.object({
    order_id: z.string().min(1),
    order_amount: amountSchema.nullish(),
    order_currency: z.string().min(1).nullish(),
  }),
  payment: z.object({
    cf_payment_id: idSchema,
    payment_status: z.string().min(1),
    payment_amount: amountSchema.nullish(),
    payment_currency: z.string().min(1).nullish(),
    payment_message: z.string().nullish(),
  }),
  error_details: z.object({ error_description: z.string().nullish() }).nullish(),
});

const REFUND_STATUSES = { SUCCESS: 'succeeded', PENDING: 'pending', ONHOLD: 'pending', CANCELLED: 'failed' } as const;

const refundDataSchema = z.object({
  refund: z.object({
    order_id: z.string().min(1),
    refund_id: z.string().min(1),
    refund_status: z.enum(['SUCCESS', 'PENDING', 'ONHOLD', 'CANCELLED']),
    refund_amount: amountSchema,
    refund_currency: z.string().min(1),
  }),
});

const disputeDataSchema = z.object({
  dispute: z.object({
    dispute_id: idSchema,
    dispute_type: z.string().min(1),
    dispute_status: z.string().min(1),
    dispute_amount: amountSchema,
    dispute_amount_currency: z.string().min(1).nullish(),
  }),
  order_details: z.object({
    order_id: z.string().min(1),
    order_currency: z.string().min(1).nullish(),
    payment_currency: z.string().min(1).nullish(),
  }),
});

/**
 * Cashfree's dispute statuses are `<stage>_<state>`: stages DISPUTE, CHARGEBACK, RETRIEVAL, PRE_ARBITRATION,
 * ARBITRATION; states CREATED, DOCS_RECEIVED, UNDER_REVIEW, INSUFFICIENT_EVIDENCE (still open), MERCHANT_WON,
 * MERCHANT_LOST, MERCHANT_ACCEPTED (closed). Open → the disputed amount is withdrawn, as for Stripe; won → it comes
 * back; lost or accepted → it stays gone. A state Cashfree adds later is refused (a 400 it retries) rather than
 * guessed, as for Stripe's refund statuses: a dispute counted as won by mistake moves real money.
 */
const DISPUTE_STATES = {
  CREATED: 'open',
  DOCS_RECEIVED: 'open',
  UNDER_REVIEW: 'open',
  INSUFFICIENT_EVIDENCE: 'open',
  MERCHANT_WON: 'won',
  MERCHANT_LOST: 'lost',
  MERCHANT_ACCEPTED: 'lost',
} as const;
const DISPUTE_STAGES = ['PRE_ARBITRATION', 'ARBITRATION', 'CHARGEBACK', 'RETRIEVAL', 'DISPUTE'] as const;

/** Where the order id sits in events we do not act on: `order` in payment events, `order_details` in dispute events. */
const otherDataSchema = z.object({
  order: z.object({ order_id: z.string() }).nullish(),
  order_details: z.object({ order_id: z.string() }).nullish(),
});

const unparsable = (message: string) => new WebhookVerificationError('cashfree', 'unparsable_body', message);

function parseData<T>(schema: z.ZodType<T>, event: CashfreeWebhookEvent): T {
  const parsed = schema.safeParse(event.data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = ['data', ...(issue?.path ?? [])].join('.');
  throw unparsable(`${event.type}: ${where} is missing or invalid (${issue?.message ?? 'invalid'})`);
}

function minorUnits(type: string, field: string, major: number, currency: string): number {
  try {
    return toMinorUnits(major, currency);
  } catch (err) {
    throw unparsable(
      `${type}: ${field} ${major} ${currency} is not an amount we can read (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}

/**
 * A verified Cashfree PG webhook as the provider-neutral events the tips service applies.
 *
 * Cashfree events carry no id of their own, so each event id is built from what the event is about and the state it
 * reports: a retried or replayed delivery of the same fact gets the same id and is processed once, while a later
 * state of the same refund (PENDING, then SUCCESS) gets a new one. Amounts arrive as JSON numbers in major units and
 * are read exactly by `toMinorUnits` (see there why JSON.parse loses nothing for them).
 */
export function cashfreeWebhookToEvents(event: CashfreeWebhookEvent, rawBody: Uint8Array): PaymentEvent[] {
  const providerType = event.type;
  switch (event.type) {
    case 'PAYMENT_SUCCESS_WEBHOOK': {
      const { order, payment } = parseData(paymentDataSchema, event);
      const major = payment.payment_amount ?? order.order_amount;
      const currency = payment.payment_currency ?? order.order_currency;
      if (major == null || currency == null) {
        throw unparsable(`${providerType}: neither data.payment nor data.order has an amount and a currency`);
      }
      return [
        {
          kind: 'payment_succeeded',
          eventId: `payment:${payment.cf_payment_id}:SUCCESS`,
          paymentId: order.order_id,
          providerType,
          amount: minorUnits(providerType, 'payment_amount', major, currency),
          currency,
          // One order may be paid by several attempts: a second SUCCESS is money collected twice, not a late copy.
          attemptId: payment.cf_payment_id,
        },
      ];
    }
    case 'PAYMENT_FAILED_WEBHOOK':
    case 'PAYMENT_USER_DROPPED_WEBHOOK': {
      const data = parseData(paymentDataSchema, event);
      const { order, payment } = data;
      return [
        {
          kind: 'payment_failed',
          eventId: `payment:${payment.cf_payment_id}:${payment.payment_status}`,
          paymentId: order.order_id,
          providerType,
          reason: data.error_details?.error_description || payment.payment_message || payment.payment_status,
        },
      ];
    }
    case 'REFUND_STATUS_WEBHOOK': {
      const { refund } = parseData(refundDataSchema, event);
      return [
        {
          kind: 'refund',
          eventId: `refund:${refund.refund_id}:${refund.refund_status}`,
          paymentId: refund.order_id,
          providerType,
          refundId: refund.refund_id,
          amount: minorUnits(providerType, 'refund_amount', refund.refund_amount, refund.refund_currency),
          currency: refund.refund_currency,
          status: REFUND_STATUSES[refund.refund_status],
          // SUCCESS is Cashfree's last word on a refund: a CANCELLED of the same refund contradicts it.
          successIsFinal: true,
        },
      ];
    }
    case 'DISPUTE_CREATED':
    case 'DISPUTE_UPDATED':
    case 'DISPUTE_CLOSED':
      return [disputeEvent(event)];
    default: {
      // Settlements and whatever Cashfree adds: verified and recorded, not acted on. The body's hash makes
      // a redelivery of the same event the same id.
      const other = otherDataSchema.safeParse(event.data);
      const paymentId = other.success ? (other.data.order?.order_id ?? other.data.order_details?.order_id ?? '') : '';
      const digest = createHash('sha256').update(rawBody).digest('hex');
      return [{ kind: 'ignored', eventId: `${providerType}:${digest}`, paymentId, providerType }];
    }
  }
}

/**
 * A dispute webhook as a dispute event, moving money exactly like Stripe's: the event id is the dispute and the status
 * it reports, so a redelivery is a duplicate and each new status an event of its own (an opening reported twice, as
 * CREATED then DOCS_RECEIVED, is stale the second time). A retrieval request asks for documents and withdraws
 * nothing, like Stripe's inquiries: recorded, not acted on. Cashfree's dispute webhooks carry no dispute fee, so a
 * lost dispute posts none (the fee shows in Cashfree's settlement report).
 */
function disputeEvent(event: CashfreeWebhookEvent): PaymentEvent {
  const providerType = event.type;
  const { dispute, order_details: order } = parseData(disputeDataSchema, event);
  const disputeId = dispute.dispute_id;
  const base = { eventId: `dispute:${disputeId}:${dispute.dispute_status}`, paymentId: order.order_id, providerType };
  const status = dispute.dispute_status.toUpperCase();
  const stage = DISPUTE_STAGES.find((s) => status.startsWith(`${s}_`));
  const state = stage ? status.slice(stage.length + 1) : undefined;
  const meaning =
    state !== undefined && Object.hasOwn(DISPUTE_STATES, state) ? DISPUTE_STATES[state as keyof typeof DISPUTE_STATES] : undefined;
  if (!stage || !meaning) throw unparsable(`${providerType}: dispute_status ${dispute.dispute_status} is not one tipchat knows`);
  if (stage === 'RETRIEVAL') return { ...base, kind: 'ignored' };
  if (meaning !== 'open') return { ...base, kind: 'dispute_closed', disputeId, outcome: meaning, fee: 0 };
  const currency = dispute.dispute_amount_currency ?? order.payment_currency ?? order.order_currency;
  if (!currency) throw unparsable(`${providerType}: the dispute has no currency`);
  return {
    ...base,
    kind: 'dispute_opened',
    disputeId,
    amount: minorUnits(providerType, 'dispute_amount', dispute.dispute_amount, currency),
    currency,
  };
}
