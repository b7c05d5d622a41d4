import type { DevCheckoutOutcome } from '@tipchat/sdk/protocol';
import type {
  CreatedPayment,
  DevCheckout,
  DevPaymentFacts,
  PaymentEvent,
  PaymentProvider,
  PaymentRequest,
  RefundRequest,
} from '../../providers/payment-provider';

/** Hands events to the same processing path a verified webhook delivery takes. */
export type EventSink = (provider: 'dev', events: PaymentEvent[]) => Promise<void>;

/**
 * The simulated checkout, for development and demos when no provider keys are set. It never
 * moves real money, so the server refuses to enable it in production. Its confirmations are
 * normal PaymentEvents: they are deduplicated, ledgered and broadcast exactly like Stripe's or
 * Cashfree's, so a demo exercises the real pipeline.
 */
export class DevProvider implements PaymentProvider, DevCheckout {
  readonly name = 'dev' as const;
  private readonly timers = new Set<NodeJS.Timeout>();
  private sink: EventSink | null = null;

  constructor(private readonly options: { delayMs: number; onLaterError: (error: unknown) => void }) {}

  /** Set once the processor exists (it needs the providers, the providers need it). */
  connect(sink: EventSink): void {
    this.sink = sink;
  }

  async createPayment(request: PaymentRequest): Promise<CreatedPayment> {
    return { paymentId: `dev_${request.tipId}`, next: { type: 'dev_checkout' } };
  }

  /** Dev refunds go through at once, as a provider's refund webhook would report. */
  async refund(request: RefundRequest): Promise<void> {
    await this.deliver([
      {
        kind: 'refund',
        eventId: `refund:${request.refundId}:succeeded`,
        paymentId: request.paymentId,
        providerType: 'dev.refund',
        refundId: request.refundId,
        amount: request.amount,
        currency: request.currency,
        status: 'succeeded',
      },
    ]);
  }

  /** No route leads here: the dev checkout delivers its events directly. */
  parseWebhook(): PaymentEvent[] {
    throw new Error('The dev provider has no webhooks: use the dev checkout');
  }

  /**
   * What the viewer chose on the simulated checkout. The amount is the tip's own (read by the
   * caller from our database), never anything the browser sent.
   */
  async checkout(payment: DevPaymentFacts, outcome: DevCheckoutOutcome): Promise<void> {
    if (outcome === 'decline') {
      await this.deliver([
        {
          kind: 'payment_failed',
          eventId: `payment:${payment.paymentId}:declined:${Date.now()}`,
          paymentId: payment.paymentId,
          providerType: 'dev.payment_declined',
          reason: 'Declined on the dev checkout',
        },
      ]);
      return;
    }
    const succeeded: PaymentEvent = {
      kind: 'payment_succeeded',
      eventId: `payment:${payment.paymentId}:succeeded`,
      paymentId: payment.paymentId,
      providerType: 'dev.payment_succeeded',
      amount: payment.amount,
      currency: payment.currency,
    };
    if (outcome === 'succeed') {
      await this.deliver([succeeded]);
      return;
    }
    // Like a UPI collect request: the viewer approves on their phone a few seconds later.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.deliver([succeeded]).catch(this.options.onLaterError);
    }, this.options.delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Pending "later" confirmations are dropped on shutdown; a real provider would retry, the dev one need not. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async deliver(events: PaymentEvent[]): Promise<void> {
    if (!this.sink) throw new Error('DevProvider used before connect()');
    await this.sink('dev', events);
  }
}
