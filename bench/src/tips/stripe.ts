import { randomBytes } from 'node:crypto';
/*
 * The server's own test fakes, imported by path: the bench is a private package of the same
 * repository, and an export path for test code would put the fakes into the server's published
 * surface. This file is the only one that reaches into packages/server/test.
 */
import { FakeStripe } from '../../../packages/server/test/fakes/stripe-fake';
import { type StripeDelivery, signStripeDelivery, stripeEvent } from '../../../packages/server/test/fakes/stripe-webhooks';

export { FakeStripe };

/** A tip as the bench knows it after set-up: paid in the fake, not yet reported to tipchat. */
export interface BenchTip {
  tipId: string;
  paymentId: string;
}

/** What a delivery is about and how to make its bytes; signed when sent, as Stripe signs each attempt. */
export interface PendingDelivery {
  tipId: string;
  sign(): StripeDelivery;
}

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('hex')}`;

/**
 * `pi_…_secret_…`: Stripe.js takes the PaymentIntent id from the client secret the same way.
 * The bench reads it from the tip's next action, exactly what a tipper's browser receives.
 */
export function paymentIdOfClientSecret(clientSecret: string): string {
  const at = clientSecret.indexOf('_secret_');
  if (!clientSecret.startsWith('pi_') || at < 0) throw new Error(`not a PaymentIntent client secret: ${clientSecret.slice(0, 12)}…`);
  return clientSecret.slice(0, at);
}

/** `payment_intent.succeeded` for a tip whose PaymentIntent succeeded in the fake: tipchat pays the tip. */
export function paymentSucceeded(fake: FakeStripe, secret: string, tip: BenchTip): PendingDelivery {
  const event = stripeEvent('payment_intent.succeeded', fake.paymentIntent(tip.paymentId));
  return { tipId: tip.tipId, sign: () => signStripeDelivery(event, { secrets: [secret] }) };
}

/**
 * `charge.succeeded`, which Stripe sends beside every payment_intent.succeeded: tipchat verifies
 * the signature, records the event under its id, finds the tip and acknowledges it as ignored
 * (the payment counts from the PaymentIntent's event). The same endpoint without the tip's work.
 */
export function chargeSucceeded(fake: FakeStripe, secret: string, tip: BenchTip): PendingDelivery {
  const chargeId = fake.paymentIntent(tip.paymentId).latest_charge;
  if (typeof chargeId !== 'string') throw new Error(`PaymentIntent ${tip.paymentId} has no charge in the fake`);
  const event = stripeEvent('charge.succeeded', fake.charge(chargeId));
  return { tipId: tip.tipId, sign: () => signStripeDelivery(event, { secrets: [secret] }) };
}
