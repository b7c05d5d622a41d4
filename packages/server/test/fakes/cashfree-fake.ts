import { randomBytes, randomInt } from 'node:crypto';
import { type CashfreeDisputeWebhookType, cashfreeEvent, istTime, rupees } from './cashfree-webhooks';
import { FakeHttpServer, FakeProvider, type FakeResponse, type RecordedRequest } from './fake-http';

/** Cashfree PG's error body: `{ message, code, type }`. */
export interface CashfreeErrorBody {
  message: string;
  code: string;
  type: string;
}

type OrderStatus = 'ACTIVE' | 'PAID' | 'EXPIRED' | 'TERMINATED' | 'TERMINATION_REQUESTED';
export type CashfreePaymentStatus = 'SUCCESS' | 'FAILED' | 'USER_DROPPED';
type RefundStatus = 'SUCCESS' | 'PENDING' | 'CANCELLED' | 'ONHOLD';

interface OrderState {
  cfOrderId: string;
  orderId: string;
  /** Stored in paise; the API speaks decimal rupees. */
  amountPaise: number;
  currency: string;
  status: OrderStatus;
  paymentSessionId: string;
  customer: Record<string, unknown>;
  meta: Record<string, unknown>;
  tags: Record<string, unknown> | null;
  note: string | null;
  createdAt: number;
}

interface PaymentState {
  cfPaymentId: string;
  orderId: string;
  amountPaise: number;
  currency: string;
  status: CashfreePaymentStatus;
  at: number;
}

interface RefundState {
  cfRefundId: string;
  cfPaymentId: string;
  refundId: string;
  orderId: string;
  amountPaise: number;
  currency: string;
  note: string | null;
  speed: string;
  status: RefundStatus;
  createdAt: number;
  processedAt: number | null;
}

const cfError = (status: number, code: string, message: string, type = 'invalid_request_error'): FakeResponse => ({
  status,
  body: { message, code, type } satisfies CashfreeErrorBody,
});
const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Decimal rupees with at most two places (the API's rule) to paise; null if the amount is not such a number. */
function toPaise(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
  const paise = Math.round(value * 100);
  return Math.abs(paise - value * 100) < 1e-6 ? paise : null;
}

const API_VERSION_HEADER = 'x-api-version';

/** `error_details` of the failed and dropped payment webhooks, worded as Cashfree words them. */
const PAYMENT_ERRORS: Record<Exclude<CashfreePaymentStatus, 'SUCCESS'>, Record<string, string>> = {
  FAILED: {
    error_code: 'TRANSACTION_DECLINED',
    error_description: 'issuer bank or payment service provider declined the transaction',
    error_reason: 'auth_declined',
    error_source: 'customer',
  },
  USER_DROPPED: {
    error_code: 'TRANSACTION_DECLINED',
    error_description: 'user dropped and did not complete the two factor authentication',
    error_reason: 'user_dropped',
    error_source: 'customer',
  },
};

/**
 * A local stand-in for the Cashfree PG endpoints tips use (orders, their payments, refunds), following the
 * documented request and response shapes, driven by the real `cashfree-pg` client (see clients.ts). Payments are
 * made by the test (`pay`), standing in for the customer on Cashfree's checkout; `paymentWebhook`/`refundWebhook`
 * build the matching event bodies for `signCashfreeDelivery`.
 */
export class FakeCashfree extends FakeProvider {
  readonly clientId = `TEST${randomBytes(8).toString('hex')}`;
  readonly clientSecret = `cfsk_ma_test_${randomBytes(16).toString('hex')}`;
  protected readonly http = new FakeHttpServer(
    (request) => this.handle(request),
    (status) => ({
      message: `Fake Cashfree was told to fail with ${status}`,
      code: 'internal_error',
      type: 'api_error',
    }),
  );
  private readonly orders = new Map<string, OrderState>();
  private readonly payments = new Map<string, PaymentState>();
  private readonly refunds = new Map<string, RefundState>();

  static async start(): Promise<FakeCashfree> {
    const fake = new FakeCashfree();
    await fake.http.listen();
    return fake;
  }

  get origin(): string {
    return this.http.origin;
  }

  orderCount(): number {
    return this.orders.size;
  }

  /** A payment attempt on the order, as the customer would make on Cashfree's checkout. SUCCESS marks the order PAID. */
  pay(orderId: string, status: CashfreePaymentStatus = 'SUCCESS'): string {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`fake Cashfree has no order ${orderId}`);
    const payment: PaymentState = {
      cfPaymentId: digits(13),
      orderId,
      amountPaise: order.amountPaise,
      currency: order.currency,
      status,
      at: Date.now(),
    };
    this.payments.set(payment.cfPaymentId, payment);
    if (status === 'SUCCESS') order.status = 'PAID';
    return payment.cfPaymentId;
  }

  /** Refunds start PENDING; this settles one as Cashfree later does (and as its REFUND_STATUS_WEBHOOK reports). */
  settleRefund(orderId: string, refundId: string, status: Exclude<RefundStatus, 'PENDING'> = 'SUCCESS'): void {
    const refund = this.refunds.get(refundKey(orderId, refundId));
    if (!refund) throw new Error(`fake Cashfree has no refund ${refundId} on ${orderId}`);
    refund.status = status;
    refund.processedAt = Date.now();
  }

  /** The body of PAYMENT_SUCCESS_WEBHOOK / PAYMENT_FAILED_WEBHOOK / PAYMENT_USER_DROPPED_WEBHOOK for a payment. */
  paymentWebhook(cfPaymentId: string) {
    const payment = this.payments.get(cfPaymentId);
    const order = payment && this.orders.get(payment.orderId);
    if (!payment || !order) throw new Error(`fake Cashfree has no payment ${cfPaymentId}`);
    const type =
      payment.status === 'SUCCESS'
        ? 'PAYMENT_SUCCESS_WEBHOOK'
        : payment.status === 'FAILED'
          ? 'PAYMENT_FAILED_WEBHOOK'
          : 'PAYMENT_USER_DROPPED_WEBHOOK';
    return cashfreeEvent(
      type,
      {
        order: { order_id: order.orderId, order_amount: rupees(order.amountPaise), order_currency: order.currency, order_tags: order.tags },
        payment: {
          cf_payment_id: payment.cfPaymentId,
          payment_status: payment.status,
          payment_amount: rupees(payment.amountPaise),
          payment_currency: payment.currency,
          payment_message: payment.status === 'SUCCESS' ? 'Transaction Success' : 'Transaction Failed',
          payment_time: istTime(payment.at),
          bank_reference: payment.status === 'SUCCESS' ? digits(12) : null,
          auth_id: null,
          payment_method: { upi: { channel: 'collect', upi_id: 'viewer@okbank' } },
          payment_group: 'upi',
        },
        customer_details: order.customer,
        payment_gateway_details: { gateway_name: 'CASHFREE', gateway_order_id: order.cfOrderId, gateway_payment_id: payment.cfPaymentId },
        payment_offers: null,
        ...(payment.status === 'SUCCESS' ? {} : { error_details: PAYMENT_ERRORS[payment.status] }),
      },
      payment.at,
    );
  }

  /**
   * The body of a dispute webhook (DISPUTE_CREATED/UPDATED/CLOSED) on the order's successful payment. Pass the same
   * `disputeId` to follow one dispute through its statuses (default: a new dispute, CHARGEBACK_CREATED when created,
   * DISPUTE_MERCHANT_WON when closed); `amountPaise` for a partial dispute.
   */
  disputeWebhook(
    orderId: string,
    type: CashfreeDisputeWebhookType = 'DISPUTE_CREATED',
    options: { disputeId?: string; status?: string; disputeType?: string; amountPaise?: number } = {},
  ) {
    const order = this.orders.get(orderId);
    const paid = [...this.payments.values()].find((p) => p.orderId === orderId && p.status === 'SUCCESS');
    if (!order || !paid) throw new Error(`fake Cashfree has no paid order ${orderId}`);
    const now = Date.now();
    const status = options.status ?? (type === 'DISPUTE_CLOSED' ? 'DISPUTE_MERCHANT_WON' : 'CHARGEBACK_CREATED');
    return cashfreeEvent(type, {
      dispute: {
        dispute_id: options.disputeId ?? digits(9),
        dispute_type: options.disputeType ?? status.slice(0, status.search(/_(CREATED|DOCS|UNDER|INSUFFICIENT|MERCHANT)/)),
        reason_code: '4855',
        reason_description: 'Goods or services not provided',
        dispute_amount: rupees(options.amountPaise ?? paid.amountPaise),
        dispute_amount_currency: paid.currency,
        created_at: istTime(now),
        respond_by: istTime(now + 7 * 86_400_000),
        updated_at: istTime(now),
        resolved_at: type === 'DISPUTE_CLOSED' ? istTime(now) : null,
        dispute_status: status,
        cf_dispute_remarks: null,
      },
      order_details: {
        order_id: order.orderId,
        order_currency: order.currency,
        order_amount: rupees(order.amountPaise),
        cf_payment_id: paid.cfPaymentId,
        payment_currency: paid.currency,
        payment_amount: rupees(paid.amountPaise),
      },
      customer_details: order.customer,
    });
  }

  /** The body of REFUND_STATUS_WEBHOOK for a refund as it is now. */
  refundWebhook(orderId: string, refundId: string) {
    const refund = this.refunds.get(refundKey(orderId, refundId));
    if (!refund) throw new Error(`fake Cashfree has no refund ${refundId} on ${orderId}`);
    return cashfreeEvent('REFUND_STATUS_WEBHOOK', { refund: { ...refundObject(refund), refund_amount: rupees(refund.amountPaise) } });
  }

  private handle(request: RecordedRequest): FakeResponse {
    if (request.headers['x-client-id'] !== this.clientId || request.headers['x-client-secret'] !== this.clientSecret) {
      return cfError(401, 'request_failed', 'authentication Failed', 'authentication_error');
    }
    if (typeof request.headers[API_VERSION_HEADER] !== 'string') {
      return cfError(400, 'request_failed', 'x-api-version is missing in the request');
    }
    const { method, path } = request;
    if (method === 'POST' && path === '/pg/orders') return this.createOrder(request.body);
    const match = /^\/pg\/orders\/([^/]+)(\/payments|\/refunds)?(?:\/([^/]+))?$/.exec(path);
    const order = match?.[1] ? this.orders.get(decodeURIComponent(match[1])) : undefined;
    if (match && !order) return cfError(404, 'order_not_found', 'Order not found for provided order_id');
    if (order && match) {
      const [, , sub, refundId] = match;
      if (method === 'GET' && !sub) return { status: 200, body: this.orderObject(order) };
      if (method === 'GET' && sub === '/payments' && !refundId) {
        const attempts = [...this.payments.values()].filter((p) => p.orderId === order.orderId);
        return { status: 200, body: attempts.map((p) => paymentObject(p)) };
      }
      if (method === 'POST' && sub === '/refunds' && !refundId) return this.createRefund(order, request.body);
      if (method === 'GET' && sub === '/refunds' && refundId) {
        const refund = this.refunds.get(refundKey(order.orderId, decodeURIComponent(refundId)));
        return refund ? { status: 200, body: refundObject(refund) } : cfError(404, 'refund_not_found', 'Refund not found');
      }
    }
    return cfError(404, 'request_invalid', `No route for ${method} ${path}`);
  }

  private createOrder(body: string): FakeResponse {
    const input = parseJson(body);
    if (!input) return cfError(400, 'request_invalid', 'Request body is not JSON');
    const orderId = input.order_id === undefined ? `order_${digits(10)}` : input.order_id;
    if (typeof orderId !== 'string' || !/^[A-Za-z0-9_-]{3,45}$/.test(orderId)) {
      return cfError(400, 'order_id_invalid', 'order_id : should be alphanumeric with _ and - only, 3 to 45 characters');
    }
    if (this.orders.has(orderId)) return cfError(409, 'order_already_exists', 'order with same id is already present');
    if (input.order_amount === undefined) return cfError(400, 'order_amount_missing', 'order_amount : is missing in the request');
    const amountPaise = toPaise(input.order_amount);
    if (amountPaise === null || amountPaise < 100) {
      return cfError(400, 'order_amount_invalid', 'order_amount : must be a number of rupees of at least 1.00 with up to two decimals');
    }
    if (typeof input.order_currency !== 'string')
      return cfError(400, 'order_currency_missing', 'order_currency : is missing in the request');
    const customer = input.customer_details;
    if (!isRecord(customer)) return cfError(400, 'customer_details_missing', 'customer_details : is missing in the request');
    for (const field of ['customer_id', 'customer_phone'] as const) {
      if (typeof customer[field] !== 'string' || customer[field] === '') {
        return cfError(400, `customer_details.${field}_missing`, `customer_details.${field} : is missing in the request`);
      }
    }
    const order: OrderState = {
      cfOrderId: digits(10),
      orderId,
      amountPaise,
      currency: input.order_currency,
      status: 'ACTIVE',
      paymentSessionId: `session_${randomBytes(24).toString('base64url')}`,
      customer,
      meta: isRecord(input.order_meta) ? input.order_meta : {},
      tags: isRecord(input.order_tags) ? input.order_tags : null,
      note: typeof input.order_note === 'string' ? input.order_note : null,
      createdAt: Date.now(),
    };
    this.orders.set(orderId, order);
    return { status: 200, body: this.orderObject(order) };
  }

  private createRefund(order: OrderState, body: string): FakeResponse {
    const input = parseJson(body);
    if (!input) return cfError(400, 'request_invalid', 'Request body is not JSON');
    const paid = [...this.payments.values()].find((p) => p.orderId === order.orderId && p.status === 'SUCCESS');
    if (!paid) return cfError(400, 'refund_invalid_request', 'Refund can be created only on a PAID order');
    const amountPaise = toPaise(input.refund_amount);
    if (amountPaise === null)
      return cfError(400, 'refund_amount_invalid', 'refund_amount : must be a positive number with up to two decimals');
    const refundId = input.refund_id === undefined ? `refund_${digits(10)}` : input.refund_id;
    if (typeof refundId !== 'string' || refundId === '') return cfError(400, 'refund_id_invalid', 'refund_id : is invalid');
    if (this.refunds.has(refundKey(order.orderId, refundId)))
      return cfError(409, 'refund_already_exists', 'Refund with this refund_id already exists');
    const refunded = [...this.refunds.values()]
      .filter((r) => r.orderId === order.orderId && r.status !== 'CANCELLED')
      .reduce((sum, r) => sum + r.amountPaise, 0);
    if (amountPaise > order.amountPaise - refunded) {
      return cfError(400, 'refund_amount_invalid', 'refund_amount : is greater than the amount left to refund');
    }
    const refund: RefundState = {
      cfRefundId: digits(8),
      cfPaymentId: paid.cfPaymentId,
      refundId,
      orderId: order.orderId,
      amountPaise,
      currency: order.currency,
      note: typeof input.refund_note === 'string' ? input.refund_note : null,
      speed: typeof input.refund_speed === 'string' ? input.refund_speed : 'STANDARD',
      status: 'PENDING',
      createdAt: Date.now(),
      processedAt: null,
    };
    this.refunds.set(refundKey(order.orderId, refundId), refund);
    return { status: 200, body: refundObject(refund) };
  }

  private orderObject(order: OrderState): Record<string, unknown> {
    return {
      cf_order_id: order.cfOrderId,
      order_id: order.orderId,
      entity: 'order',
      order_currency: order.currency,
      order_amount: order.amountPaise / 100,
      order_status: order.status,
      payment_session_id: order.paymentSessionId,
      order_expiry_time: istTime(order.createdAt + 30 * 86_400_000),
      order_note: order.note,
      created_at: istTime(order.createdAt),
      order_splits: [],
      customer_details: order.customer,
      order_meta: { return_url: null, notify_url: null, payment_methods: null, ...order.meta },
      order_tags: order.tags,
    };
  }
}

function paymentObject(payment: PaymentState): Record<string, unknown> {
  return {
    cf_payment_id: payment.cfPaymentId,
    order_id: payment.orderId,
    entity: 'payment',
    payment_status: payment.status,
    payment_amount: payment.amountPaise / 100,
    payment_currency: payment.currency,
    payment_time: istTime(payment.at),
    payment_completion_time: istTime(payment.at),
    is_captured: payment.status === 'SUCCESS',
    payment_group: 'upi',
    payment_method: { upi: { channel: 'collect', upi_id: 'viewer@okbank' } },
  };
}

function refundObject(refund: RefundState): Record<string, unknown> {
  return {
    cf_payment_id: refund.cfPaymentId,
    cf_refund_id: refund.cfRefundId,
    order_id: refund.orderId,
    refund_id: refund.refundId,
    entity: 'refund',
    refund_amount: refund.amountPaise / 100,
    refund_currency: refund.currency,
    refund_note: refund.note,
    refund_status: refund.status,
    refund_arn: refund.status === 'SUCCESS' ? `ARN${refund.cfRefundId}` : null,
    refund_charge: 0,
    status_description: refund.status === 'SUCCESS' ? 'Refund processed successfully' : 'In Progress',
    metadata: null,
    refund_splits: [],
    refund_type: 'MERCHANT_INITIATED',
    refund_mode: refund.speed,
    created_at: istTime(refund.createdAt),
    processed_at: refund.processedAt === null ? null : istTime(refund.processedAt),
    refund_speed: {
      requested: refund.speed,
      accepted: refund.speed,
      processed: refund.processedAt === null ? null : refund.speed,
      message: null,
    },
  };
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

const refundKey = (orderId: string, refundId: string) => `${orderId}\u0000${refundId}`;
