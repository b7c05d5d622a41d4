import type { IncomingHttpHeaders } from 'node:http';
import { type Cashfree, CFEnvironment, type OrderEntity, type RefundEntity } from 'cashfree-pg';
import {
  type CreatedPayment,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  ProviderError,
  type RefundRequest,
} from '../../providers/payment-provider';
import type { Clock } from '../../providers/webhook-errors';
import { toMajorUnits, toMinorUnits } from './amounts';
import { type CashfreeWebhookHeaders, verifyCashfreeWebhook } from './cashfree-signature';
import { cashfreeOrderId, createOrderRequest } from './order-request';
import type { CashfreeEnvironment } from './pg-client';
import { cashfreeErrorResponse, cashfreeProviderError } from './pg-errors';
import { cashfreeWebhookToEvents } from './webhook-events';

/**
 * How old a Cashfree delivery may be. Cashfree retries a failed delivery after 2, 10 and 30 minutes, and whether a
 * retry is signed again with a fresh timestamp is unconfirmed; with the usual 5 minutes the last retries of an
 * outage could be refused for good. An hour is safe because a replay inside it changes nothing: every event is
 * deduplicated downstream on its payment or refund id and status, so an attacker replaying a captured delivery can
 * only repeat a fact we already applied.
 */
export const CASHFREE_WEBHOOK_TOLERANCE_SECONDS = 3600;

const REFUND_NOTE_MAX = 100;
const REFUND_NOTE_MIN = 3;

export interface CashfreeProviderOptions {
  /** From createCashfreeClient: error analytics off, URLs checked. */
  client: Cashfree;
  /** Must be the client's; it is also the mode the browser's Cashfree checkout runs in. */
  environment: CashfreeEnvironment;
  /** The PG client secret(s) that sign webhooks; more than one while a rotated secret rolls out. */
  webhookSecrets: readonly string[];
  toleranceSeconds?: number;
  now?: Clock;
}

/**
 * Tips paid through Cashfree PG: one order per tip (`tip_<tip id>`), paid on Cashfree's hosted checkout with the
 * order's payment session, and confirmed only by signed webhooks.
 */
export class CashfreeProvider implements PaymentProvider {
  readonly name = 'cashfree' as const;
  private readonly client: Cashfree;
  private readonly environment: CashfreeEnvironment;
  private readonly webhookSecrets: readonly string[];
  private readonly toleranceSeconds: number;
  private readonly now: Clock | undefined;

  constructor(options: CashfreeProviderOptions) {
    const clientEnvironment = options.client.XEnvironment === CFEnvironment.PRODUCTION ? 'production' : 'sandbox';
    if (clientEnvironment !== options.environment) {
      throw new Error(`CashfreeProvider is configured for ${options.environment} but its client is for ${clientEnvironment}`);
    }
    if (options.client.XEnableErrorAnalytics) {
      throw new Error('CashfreeProvider needs a client with error analytics off (createCashfreeClient)');
    }
    this.webhookSecrets = options.webhookSecrets.filter((secret) => secret.trim() !== '');
    if (this.webhookSecrets.length === 0) throw new Error('CashfreeProvider needs at least one webhook secret');
    this.client = options.client;
    this.environment = options.environment;
    this.toleranceSeconds = options.toleranceSeconds ?? CASHFREE_WEBHOOK_TOLERANCE_SECONDS;
    this.now = options.now;
  }

  async createPayment(request: PaymentRequest): Promise<CreatedPayment> {
    const order = createOrderRequest(request);
    let created: OrderEntity;
    try {
      ({ data: created } = await this.client.PGCreateOrder(order, undefined, `tip:${request.tipId}`));
    } catch (err) {
      // A retry after a lost answer: the order was made the first time. Its session is still good while it is ACTIVE.
      if (cashfreeErrorResponse(err)?.status === 409) return this.existingOrder(request);
      throw cashfreeProviderError(err, 'create an order');
    }
    return this.checkout(created, request);
  }

  async refund(request: RefundRequest): Promise<void> {
    const note = Array.from(request.reason.trim()).slice(0, REFUND_NOTE_MAX).join('');
    try {
      await this.client.PGOrderCreateRefund(
        request.paymentId,
        {
          refund_amount: toMajorUnits(request.amount, request.currency),
          refund_id: request.refundId,
          ...(Array.from(note).length >= REFUND_NOTE_MIN ? { refund_note: note } : {}),
        },
        undefined,
        `refund:${request.refundId}`,
      );
    } catch (err) {
      // refund_id is unique per order at Cashfree: a 409 on a retry means the first attempt went through.
      if (cashfreeErrorResponse(err)?.status === 409) return this.existingRefund(request);
      throw cashfreeProviderError(err, 'create a refund');
    }
  }

  parseWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): PaymentEvent[] {
    const { event } = verifyCashfreeWebhook(rawBody, cashfreeHeaders(headers), {
      secrets: this.webhookSecrets,
      toleranceSeconds: this.toleranceSeconds,
      ...(this.now ? { now: this.now } : {}),
    });
    return cashfreeWebhookToEvents(event, rawBody);
  }

  private async existingOrder(request: PaymentRequest): Promise<CreatedPayment> {
    const orderId = cashfreeOrderId(request.tipId);
    let order: OrderEntity;
    try {
      ({ data: order } = await this.client.PGFetchOrder(orderId));
    } catch (err) {
      throw cashfreeProviderError(err, 'fetch an existing order');
    }
    if (order.order_status !== 'ACTIVE') {
      throw new ProviderError(
        'cashfree',
        `Cashfree order ${orderId} already exists and is ${order.order_status}`,
        'order_already_exists',
        true,
      );
    }
    if (!sameAmount(order.order_amount, order.order_currency, request)) {
      throw new ProviderError('cashfree', `Cashfree order ${orderId} already exists with another amount`, 'order_already_exists', true);
    }
    return this.checkout(order, request);
  }

  private async existingRefund(request: RefundRequest): Promise<void> {
    let refund: RefundEntity;
    try {
      ({ data: refund } = await this.client.PGOrderFetchRefund(request.paymentId, request.refundId));
    } catch (err) {
      throw cashfreeProviderError(err, 'fetch an existing refund');
    }
    if (!sameAmount(refund.refund_amount, refund.refund_currency, request)) {
      throw new ProviderError(
        'cashfree',
        `Cashfree refund ${request.refundId} already exists with another amount`,
        'refund_already_exists',
        true,
      );
    }
  }

  private checkout(order: OrderEntity, request: PaymentRequest): CreatedPayment {
    const orderId = cashfreeOrderId(request.tipId);
    if (!order.payment_session_id) {
      throw new ProviderError('cashfree', `Cashfree returned order ${orderId} without a payment session`);
    }
    return { paymentId: orderId, next: { type: 'cashfree_checkout', paymentSessionId: order.payment_session_id, mode: this.environment } };
  }
}

/** Whether Cashfree's decimal amount is exactly ours; an unreadable amount is not. */
function sameAmount(major: number | undefined, currency: string | undefined, ours: { amount: number; currency: string }): boolean {
  if (major === undefined || currency !== ours.currency) return false;
  try {
    return toMinorUnits(major, currency) === ours.amount;
  } catch {
    return false;
  }
}

function cashfreeHeaders(headers: IncomingHttpHeaders): CashfreeWebhookHeaders {
  return {
    'x-webhook-signature': headers['x-webhook-signature'],
    'x-webhook-timestamp': headers['x-webhook-timestamp'],
    'x-webhook-version': headers['x-webhook-version'],
    'x-webhook-attempt': headers['x-webhook-attempt'],
  };
}
