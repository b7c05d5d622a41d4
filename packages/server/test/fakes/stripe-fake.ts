import { randomBytes } from 'node:crypto';
import { FakeHttpServer, FakeProvider, type FakeResponse, type RecordedRequest } from './fake-http';
import { FakeStripeConnect } from './stripe-connect-fake';
import { type FormObject, formFingerprint, formList, formRecord, parseStripeForm } from './stripe-form';

/** Stripe's error body: `{ error: { type, code?, param?, message } }` (https://docs.stripe.com/api/errors). */
export interface StripeErrorBody {
  error: { type: string; message: string; code?: string; param?: string; decline_code?: string };
}

type PaymentIntentStatus = 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';

interface PaymentIntentState {
  id: string;
  amount: number;
  currency: string;
  status: PaymentIntentStatus;
  metadata: Record<string, string>;
  description: string | null;
  paymentMethodTypes: string[];
  automaticPaymentMethods: boolean;
  created: number;
  chargeId: string | null;
  lastPaymentError: { code: string; decline_code?: string; message: string; type: string } | null;
}

interface ChargeState {
  id: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  amountRefunded: number;
  created: number;
}

type DisputeStatus = 'needs_response' | 'under_review' | 'won' | 'lost';

interface DisputeState {
  id: string;
  chargeId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  reason: string;
  status: DisputeStatus;
  created: number;
  /** The balance movements of the dispute, as Stripe lists them on the dispute object. */
  balanceTransactions: BalanceTransaction[];
}

interface BalanceTransaction {
  id: string;
  amount: number;
  currency: string;
  fee: number;
  created: number;
}

type RefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

interface RefundState {
  id: string;
  chargeId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  reason: string | null;
  metadata: Record<string, string>;
  created: number;
  status: RefundStatus;
  failureReason: string | null;
}

/** Stripe's dispute fee in minor units. The fake settles every charge in its own currency, so the fee is in that currency. */
export const FAKE_STRIPE_DISPUTE_FEE = 1500;

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

const stripeError = (status: number, error: StripeErrorBody['error']): FakeResponse => ({ status, body: { error } });
const missing = (param: string) =>
  stripeError(400, { type: 'invalid_request_error', code: 'parameter_missing', param, message: `Missing required param: ${param}.` });
const noSuch = (status: number, kind: string, param: string, value: string) =>
  stripeError(status, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${value}'` });

const PAYMENT_INTENT_PARAMS = new Set([
  'amount',
  'currency',
  'metadata',
  'automatic_payment_methods',
  'description',
  'payment_method_types',
  'receipt_email',
  'statement_descriptor_suffix',
  'transfer_group',
  'capture_method',
  'expand',
]);
const REFUND_PARAMS = new Set(['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand']);

/**
 * A local stand-in for the part of Stripe's API that tips use: PaymentIntents, their charge, and refunds, with
 * Stripe's form-encoded requests, response objects, error bodies and idempotency rules. Drive it with the real
 * `stripe` client (see clients.ts). Payments are completed by the test (`succeedPaymentIntent`), standing in for the
 * browser's confirmation; the matching webhook is built with `stripeEvent` + `signStripeDelivery`.
 */
export class FakeStripe extends FakeProvider {
  /** A test key by default; `start({ live: true })` answers to a live one (livemode checks of a live server). */
  readonly apiKey: string;
  protected readonly http = new FakeHttpServer((request) => this.handle(request), apiErrorBody);
  private readonly intents = new Map<string, PaymentIntentState>();
  private readonly charges = new Map<string, ChargeState>();
  private readonly refunds = new Map<string, RefundState>();
  private readonly disputes = new Map<string, DisputeState>();
  private readonly idempotency = new Map<string, { route: string; fingerprint: string; response: FakeResponse }>();
  /** Connect (accounts, account links, transfers, reversals), answered through the same keys and idempotency rules. */
  readonly connect = new FakeStripeConnect();

  private constructor(live: boolean) {
    super();
    this.apiKey = `sk_${live ? 'live' : 'test'}_${randomBytes(12).toString('hex')}`;
  }

  static async start(options: { live?: boolean } = {}): Promise<FakeStripe> {
    const fake = new FakeStripe(options.live ?? false);
    await fake.http.listen();
    return fake;
  }

  get port(): number {
    return this.http.port;
  }

  paymentIntentCount(): number {
    return this.intents.size;
  }

  /** Completes a payment as the customer's browser would: the intent succeeds and gets a charge. Returns the new object. */
  succeedPaymentIntent(paymentIntentId: string): Record<string, unknown> {
    const intent = this.mustGet(paymentIntentId);
    const charge: ChargeState = {
      id: id('ch'),
      paymentIntentId,
      amount: intent.amount,
      currency: intent.currency,
      amountRefunded: 0,
      created: now(),
    };
    this.charges.set(charge.id, charge);
    intent.status = 'succeeded';
    intent.chargeId = charge.id;
    intent.lastPaymentError = null;
    return this.paymentIntentObject(intent);
  }

  /** A declined attempt: the intent goes back to requires_payment_method with `last_payment_error`. */
  declinePaymentIntent(paymentIntentId: string): Record<string, unknown> {
    const intent = this.mustGet(paymentIntentId);
    intent.status = 'requires_payment_method';
    intent.lastPaymentError = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    };
    return this.paymentIntentObject(intent);
  }

  /**
   * The cardholder disputes the payment: the `data.object` of `charge.dispute.created`. With separate charges and
   * transfers the disputed amount leaves the platform balance (`charge.dispute.funds_withdrawn`), together with
   * Stripe's dispute fee: one balance transaction of `-amount` with `fee`.
   */
  openDispute(paymentIntentId: string, reason = 'fraudulent', fee = FAKE_STRIPE_DISPUTE_FEE): Record<string, unknown> {
    const intent = this.mustGet(paymentIntentId);
    const charge = intent.chargeId ? this.charges.get(intent.chargeId) : undefined;
    if (!charge) throw new Error(`payment intent ${paymentIntentId} has no charge to dispute`);
    const dispute: DisputeState = {
      id: id('dp'),
      chargeId: charge.id,
      paymentIntentId,
      amount: charge.amount,
      currency: charge.currency,
      reason,
      status: 'needs_response',
      created: now(),
      balanceTransactions: [{ id: id('txn'), amount: -charge.amount, currency: charge.currency, fee, created: now() }],
    };
    this.disputes.set(dispute.id, dispute);
    return disputeObject(dispute);
  }

  /**
   * The dispute is decided: the `data.object` of `charge.dispute.closed` (and of `funds_reinstated` when won). A won
   * dispute gets a second balance transaction that gives the amount and the fee back.
   */
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): Record<string, unknown> {
    const dispute = this.disputes.get(disputeId);
    if (!dispute) throw new Error(`fake Stripe has no dispute ${disputeId}`);
    if (dispute.status === 'won' || dispute.status === 'lost') throw new Error(`dispute ${disputeId} is already closed`);
    dispute.status = outcome;
    if (outcome === 'won') {
      const withdrawn = dispute.balanceTransactions.reduce((sum, txn) => ({ amount: sum.amount + txn.amount, fee: sum.fee + txn.fee }), {
        amount: 0,
        fee: 0,
      });
      dispute.balanceTransactions.push({
        id: id('txn'),
        amount: -withdrawn.amount,
        currency: dispute.currency,
        fee: -withdrawn.fee,
        created: now(),
      });
    }
    return disputeObject(dispute);
  }

  /**
   * The bank sends a refund back (a closed card, say): the refund becomes `failed`, the money returns to the balance
   * and the charge can be refunded again. Returns the `data.object` of `refund.failed` (and of `refund.updated`).
   */
  failRefund(refundId: string, failureReason = 'lost_or_stolen_card'): Record<string, unknown> {
    const refund = this.mustGetRefund(refundId);
    if (refund.status === 'failed' || refund.status === 'canceled') throw new Error(`refund ${refundId} has already failed`);
    const charge = this.charges.get(refund.chargeId);
    if (charge) charge.amountRefunded -= refund.amount;
    refund.status = 'failed';
    refund.failureReason = failureReason;
    return refundObject(refund);
  }

  /** Stripe's JSON for the intent, charge or refund as it is now: the `data.object` of a webhook event. */
  paymentIntent(paymentIntentId: string): Record<string, unknown> {
    return this.paymentIntentObject(this.mustGet(paymentIntentId));
  }

  charge(chargeId: string): Record<string, unknown> {
    const charge = this.charges.get(chargeId);
    if (!charge) throw new Error(`fake Stripe has no charge ${chargeId}`);
    return this.chargeObject(charge);
  }

  /** The refund as it is now: the `data.object` of `refund.created` (status `succeeded`, as card refunds usually are). */
  refund(refundId: string): Record<string, unknown> {
    return refundObject(this.mustGetRefund(refundId));
  }

  /** The refunds of one payment, oldest first: how a test finds a refund the code under test created. */
  refundsOf(paymentIntentId: string): Record<string, unknown>[] {
    return [...this.refunds.values()].filter((refund) => refund.paymentIntentId === paymentIntentId).map(refundObject);
  }

  private mustGetRefund(refundId: string): RefundState {
    const refund = this.refunds.get(refundId);
    if (!refund) throw new Error(`fake Stripe has no refund ${refundId}`);
    return refund;
  }

  private mustGet(paymentIntentId: string): PaymentIntentState {
    const intent = this.intents.get(paymentIntentId);
    if (!intent) throw new Error(`fake Stripe has no payment intent ${paymentIntentId}`);
    return intent;
  }

  private handle(request: RecordedRequest): FakeResponse {
    if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
      return stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided.' });
    }
    const route = `${request.method} ${request.path}`;
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string') return this.route(request);

    // Stripe stores the first response under the key and replays it for the same parameters; the same key with
    // other parameters (or on another endpoint) is an idempotency_error. Requests refused by validation (400) are
    // not stored, as Stripe does not store them either.
    const fingerprint = formFingerprint(request.body);
    const stored = this.idempotency.get(key);
    if (stored) {
      if (stored.route !== route || stored.fingerprint !== fingerprint) {
        return stripeError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      return { ...stored.response, headers: { ...stored.response.headers, 'idempotent-replayed': 'true' } };
    }
    const response = this.route(request);
    if (response.status !== 400) this.idempotency.set(key, { route, fingerprint, response });
    return response;
  }

  private route(request: RecordedRequest): FakeResponse {
    const { method, path } = request;
    if (method === 'POST' && path === '/v1/payment_intents') return this.createPaymentIntent(parseStripeForm(request.body));
    const intentMatch = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && intentMatch?.[1]) {
      const intent = this.intents.get(intentMatch[1]);
      return intent ? { status: 200, body: this.paymentIntentObject(intent) } : noSuch(404, 'payment_intent', 'intent', intentMatch[1]);
    }
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(parseStripeForm(request.body));
    const refundMatch = /^\/v1\/refunds\/([^/]+)$/.exec(path);
    if (method === 'GET' && refundMatch?.[1]) {
      const refund = this.refunds.get(refundMatch[1]);
      return refund ? { status: 200, body: refundObject(refund) } : noSuch(404, 'refund', 'refund', refundMatch[1]);
    }
    return (
      this.connect.route(request) ??
      stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` })
    );
  }

  private createPaymentIntent(params: FormObject): FakeResponse {
    const unknown = Object.keys(params).find((k) => !PAYMENT_INTENT_PARAMS.has(k));
    if (unknown) return unknownParameter(unknown);
    const amount = params.amount;
    if (amount === undefined) return missing('amount');
    if (typeof amount !== 'string' || !/^\d{1,12}$/.test(amount)) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        param: 'amount',
        message: 'Invalid integer: amount',
      });
    }
    if (Number(amount) < 1) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_small',
        param: 'amount',
        message: 'Amount must be at least 1',
      });
    }
    const currency = params.currency;
    if (currency === undefined) return missing('currency');
    if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) {
      return stripeError(400, { type: 'invalid_request_error', param: 'currency', message: `Invalid currency: ${String(currency)}.` });
    }
    const automatic = params.automatic_payment_methods;
    const intent: PaymentIntentState = {
      id: id('pi'),
      amount: Number(amount),
      currency,
      status: 'requires_payment_method',
      metadata: formRecord(params.metadata),
      description: typeof params.description === 'string' ? params.description : null,
      paymentMethodTypes: formList(params.payment_method_types),
      automaticPaymentMethods: typeof automatic === 'object' && automatic.enabled === 'true',
      created: now(),
      chargeId: null,
      lastPaymentError: null,
    };
    if (intent.paymentMethodTypes.length === 0) intent.paymentMethodTypes = ['card'];
    this.intents.set(intent.id, intent);
    return { status: 200, body: this.paymentIntentObject(intent) };
  }

  private createRefund(params: FormObject): FakeResponse {
    const unknown = Object.keys(params).find((k) => !REFUND_PARAMS.has(k));
    if (unknown) return unknownParameter(unknown);
    let charge: ChargeState | undefined;
    if (typeof params.payment_intent === 'string') {
      const intent = this.intents.get(params.payment_intent);
      if (!intent) return noSuch(400, 'payment_intent', 'payment_intent', params.payment_intent);
      charge = intent.chargeId ? this.charges.get(intent.chargeId) : undefined;
      if (!charge) {
        return stripeError(400, {
          type: 'invalid_request_error',
          param: 'payment_intent',
          message: `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        });
      }
    } else if (typeof params.charge === 'string') {
      charge = this.charges.get(params.charge);
      if (!charge) return noSuch(400, 'charge', 'charge', params.charge);
    } else {
      return stripeError(400, {
        type: 'invalid_request_error',
        message: 'One of the following params should be provided for this request: payment_intent or charge.',
      });
    }
    const unrefunded = charge.amount - charge.amountRefunded;
    if (unrefunded === 0) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge ${charge.id} has already been refunded.`,
      });
    }
    let amount = unrefunded;
    if (params.amount !== undefined) {
      if (typeof params.amount !== 'string' || !/^\d{1,12}$/.test(params.amount) || Number(params.amount) < 1) {
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'parameter_invalid_integer',
          param: 'amount',
          message: 'Invalid integer: amount',
        });
      }
      amount = Number(params.amount);
      if (amount > unrefunded) {
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'amount_too_large',
          param: 'amount',
          message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${unrefunded})`,
        });
      }
    }
    charge.amountRefunded += amount;
    const refund: RefundState = {
      id: id('re'),
      chargeId: charge.id,
      paymentIntentId: charge.paymentIntentId,
      amount,
      currency: charge.currency,
      reason: typeof params.reason === 'string' ? params.reason : null,
      metadata: formRecord(params.metadata),
      created: now(),
      status: 'succeeded',
      failureReason: null,
    };
    this.refunds.set(refund.id, refund);
    return { status: 200, body: refundObject(refund) };
  }

  private paymentIntentObject(intent: PaymentIntentState): Record<string, unknown> {
    return {
      id: intent.id,
      object: 'payment_intent',
      amount: intent.amount,
      amount_capturable: 0,
      amount_received: intent.status === 'succeeded' ? intent.amount : 0,
      automatic_payment_methods: intent.automaticPaymentMethods ? { allow_redirects: 'always', enabled: true } : null,
      canceled_at: null,
      capture_method: 'automatic',
      client_secret: `${intent.id}_secret_${intent.id.slice(3, 15)}`,
      confirmation_method: 'automatic',
      created: intent.created,
      currency: intent.currency,
      description: intent.description,
      last_payment_error: intent.lastPaymentError,
      latest_charge: intent.chargeId,
      livemode: false,
      metadata: intent.metadata,
      payment_method: intent.chargeId ? `pm_${intent.chargeId.slice(3)}` : null,
      payment_method_types: intent.paymentMethodTypes,
      status: intent.status,
    };
  }

  private chargeObject(charge: ChargeState): Record<string, unknown> {
    return {
      id: charge.id,
      object: 'charge',
      amount: charge.amount,
      amount_captured: charge.amount,
      amount_refunded: charge.amountRefunded,
      captured: true,
      created: charge.created,
      currency: charge.currency,
      disputed: [...this.disputes.values()].some((d) => d.chargeId === charge.id),
      livemode: false,
      paid: true,
      payment_intent: charge.paymentIntentId,
      refunded: charge.amountRefunded === charge.amount,
      status: 'succeeded',
    };
  }
}

function refundObject(refund: RefundState): Record<string, unknown> {
  return {
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    balance_transaction: `txn_${refund.id.slice(3)}`,
    charge: refund.chargeId,
    created: refund.created,
    currency: refund.currency,
    ...(refund.failureReason === null ? {} : { failure_reason: refund.failureReason }),
    metadata: refund.metadata,
    payment_intent: refund.paymentIntentId,
    reason: refund.reason,
    status: refund.status,
  };
}

function disputeObject(dispute: DisputeState): Record<string, unknown> {
  return {
    id: dispute.id,
    object: 'dispute',
    amount: dispute.amount,
    balance_transactions: dispute.balanceTransactions.map((txn) => ({
      id: txn.id,
      object: 'balance_transaction',
      amount: txn.amount,
      created: txn.created,
      currency: txn.currency,
      description: `Chargeback ${txn.amount < 0 ? 'withdrawal' : 'reversal'} for ${dispute.chargeId}`,
      fee: txn.fee,
      net: txn.amount - txn.fee,
      reporting_category: txn.amount < 0 ? 'dispute' : 'dispute_reversal',
      source: dispute.id,
      status: 'available',
      type: 'adjustment',
    })),
    charge: dispute.chargeId,
    created: dispute.created,
    currency: dispute.currency,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: dispute.paymentIntentId,
    reason: dispute.reason,
    status: dispute.status,
  };
}

function unknownParameter(param: string): FakeResponse {
  return stripeError(400, {
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    param,
    message: `Received unknown parameter: ${param}`,
  });
}

function apiErrorBody(status: number): StripeErrorBody {
  return { error: { type: 'api_error', message: `Fake Stripe was told to fail with ${status}.` } };
}
