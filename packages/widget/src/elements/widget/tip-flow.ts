import type { ReactiveControllerHost } from 'lit';
import { parseAmount } from '../../internal/format';
import { payWithCashfree } from '../../payments/cashfree';
import type { PaymentStep } from '../../payments/payment-step';
import { mountStripe } from '../../payments/stripe';
import type { ChatSession } from './chat-session';
import type { PublicTip, TipOptions, TipperTip } from './client';
import { SendKey } from './send-key';

/**
 * closed → loading → form → creating → pay (the provider's step) → waiting → done (the form
 * empties for the next tip), or failed (back to the form with everything kept but the error),
 * or pending (the provider has not confirmed yet).
 */
export type TipStep = 'closed' | 'loading' | 'form' | 'creating' | 'pay' | 'waiting' | 'done' | 'failed' | 'pending';

export interface TipListener {
  started(tip: PublicTip): void;
  succeeded(tip: PublicTip): void;
  failed(tip: PublicTip | null, reason: string | null): void;
}

/** The longest message a tip of `amount` may carry: its tier's (tiers ascend by minimum). */
export const messageLimit = (options: TipOptions, amount: number): number =>
  options.tiers.reduce((limit, tier) => (amount >= tier.minAmount ? tier.maxMessageLength : limit), 0);

/**
 * A viewer's tip, from the form to the provider's answer. The fee is quoted by the server for
 * the amount chosen before anything is paid; the outcome always comes from the server (which
 * hears it from the provider), never from the browser.
 */
export class TipFlow {
  step: TipStep = 'closed';
  options: TipOptions | undefined;
  /** The preset chosen, in minor units; `custom` wins while it holds text. */
  preset = 0;
  custom = '';
  message = '';
  name = '';
  quote: TipOptions['quote'] = null;
  tip: TipperTip | undefined;
  /** Why the last step failed: the server's or provider's words. */
  error = '';

  private payment: PaymentStep | undefined;
  /** Submitting the same form again after no answer is the same tip. */
  private readonly sendKey = new SendKey();
  private quoteTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly session: ChatSession,
    private readonly listener: TipListener,
  ) {}

  /** The amount in minor units, or null when the custom text is not an amount. */
  get amount(): number | null {
    const { options, custom } = this;
    if (!custom.trim()) return this.preset;
    return options ? parseAmount(custom, options.currency) : null;
  }

  async open(): Promise<void> {
    const { client, slug, me } = this.session;
    if (!client) return;
    this.set('loading');
    try {
      const options = await client.tips.options(slug);
      this.options = options;
      if (!options.presets.includes(this.preset)) this.preset = options.presets[0] ?? options.minTip;
      this.name ||= me.name ?? '';
      this.set('form');
      this.requote();
    } catch (error) {
      this.fail(null, (error as Error).message);
    }
  }

  close(): void {
    this.clearPayment();
    this.step = 'closed';
    this.host.requestUpdate();
  }

  /** Asks the server for the fee of the amount now chosen, once the viewer stops typing. Any edit or new try clears the last error. */
  requote(): void {
    this.error = '';
    clearTimeout(this.quoteTimer);
    this.quote = null;
    const amount = this.amount;
    const { client, slug } = this.session;
    if (!amount || !client) return;
    this.quoteTimer = setTimeout(async () => {
      try {
        const { quote } = await client.tips.options(slug, amount);
        if (this.amount === amount) this.quote = quote;
        this.host.requestUpdate();
      } catch {
        // No quote, no fee line: the amount is out of range (the form says so) or the server is away.
      }
    }, 300);
  }

  async submit(): Promise<void> {
    const { options, amount } = this;
    const { client, slug, me } = this.session;
    if (!options || !amount || !client) return;
    this.set('creating');
    try {
      const body = {
        amount,
        currency: options.currency,
        displayName: this.name.trim(),
        message: this.message.trim(),
        deviceToken: me.deviceToken,
      };
      let created: TipperTip;
      try {
        // Submitting the same form again after no answer is the same tip: the server starts it once.
        created = await client.tips.create(slug, body, { idempotencyKey: this.sendKey.for(JSON.stringify(body)) });
        this.sendKey.settle();
      } catch (error) {
        this.sendKey.settle(error);
        throw error;
      }
      this.tip = created;
      this.listener.started(created.tip);
      const next = created.next;
      if (next?.type === 'cashfree_checkout') {
        this.set('waiting');
        const refused = await payWithCashfree(next.paymentSessionId, next.mode);
        return refused === null ? this.settle() : this.fail(created.tip, refused);
      }
      this.set('pay');
      if (next?.type === 'stripe_payment_element') {
        await this.host.updateComplete;
        this.payment = await mountStripe(
          this.paymentTarget(),
          next.clientSecret,
          next.publishableKey,
          this.host.getAttribute('theme') === 'dark',
        );
      }
    } catch (error) {
      // A ban or time-out closes the form and shows the ban instead.
      this.session.learnBan(error);
      this.error = (error as Error).message;
      this.set(this.tip ? 'failed' : 'form');
    }
  }

  /** The pay button: the dev provider's chosen outcome, or the mounted provider step's own pay. */
  async pay(outcome?: 'succeed' | 'decline' | 'succeed_later'): Promise<void> {
    const { tip } = this;
    const { client } = this.session;
    if (!tip || !client) return;
    this.error = '';
    this.set('waiting');
    try {
      if (outcome) await client.tips.devCheckout(tip.tip.id, outcome);
      else {
        const refused = await this.payment?.pay();
        if (refused != null) {
          // Stripe keeps the element: the viewer can correct the card and pay again.
          this.error = refused;
          return this.set('pay');
        }
      }
      await this.settle();
    } catch (error) {
      this.fail(tip.tip, (error as Error).message);
    }
  }

  /** From a failure back to the form, everything kept but the error (requote clears it); a new attempt is a new tip. */
  retry(): void {
    this.clearPayment();
    this.tip = undefined;
    if (!this.options) return void this.open();
    this.set('form');
    this.requote();
  }

  private async settle(): Promise<void> {
    const { client } = this.session;
    const id = this.tip?.tip.id;
    if (!client || !id) return;
    const state = await client.tips.waitForPayment(id);
    this.tip = state;
    this.clearPayment();
    if (state.tip.status === 'failed') return this.fail(state.tip, state.failureReason);
    // Paid or on its way: the next tip starts afresh, so a second click does not send the same amount and message again.
    this.preset = 0;
    this.custom = this.message = '';
    if (state.tip.status === 'pending') return this.set('pending');
    this.set('done');
    this.listener.succeeded(state.tip);
  }

  private fail(tip: PublicTip | null, reason: string | null): void {
    this.error = reason ?? '';
    this.set('failed');
    this.listener.failed(tip, reason);
  }

  /** Stripe's iframe must live in the light DOM; a slot shows it inside the form. */
  private paymentTarget(): HTMLElement {
    const target = document.createElement('div');
    target.slot = 'payment';
    this.host.append(target);
    return target;
  }

  private clearPayment(): void {
    this.payment?.destroy();
    this.payment = undefined;
    for (const target of this.host.querySelectorAll(':scope > [slot="payment"]')) target.remove();
  }

  /** Only opening leaves `closed`: a payment that settles after the viewer closed the panel does not reopen it. */
  private set(step: TipStep): void {
    if (this.step === 'closed' && step !== 'loading') return;
    this.step = step;
    this.host.requestUpdate();
  }
}
