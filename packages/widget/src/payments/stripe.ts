import { loadScript } from './load-script';
import type { PaymentStep } from './payment-step';

/** The part of Stripe.js the widget uses, typed here so `@stripe/stripe-js` is not a dependency. */
interface StripeJs {
  elements(options: { clientSecret: string; appearance: { theme: 'stripe' | 'night' } }): StripeElements;
  confirmPayment(options: {
    elements: StripeElements;
    redirect: 'if_required';
    confirmParams: { return_url: string };
  }): Promise<{ error?: { message?: string } }>;
}

interface StripeElements {
  create(type: 'payment'): { mount(target: HTMLElement): void; destroy(): void };
}

declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeJs;
  }
}

/**
 * Stripe's Payment Element for one PaymentIntent. Stripe.js comes from js.stripe.com (as
 * `@stripe/stripe-js`'s `loadStripe` does it) only now, when a viewer reaches this step. The
 * target must be in the light DOM: Elements cannot be mounted inside a shadow root.
 */
export async function mountStripe(target: HTMLElement, clientSecret: string, publishableKey: string, dark: boolean): Promise<PaymentStep> {
  await loadScript('https://js.stripe.com/v3');
  const stripe = (window.Stripe as NonNullable<Window['Stripe']>)(publishableKey);
  const elements = stripe.elements({ clientSecret, appearance: { theme: dark ? 'night' : 'stripe' } });
  const element = elements.create('payment');
  element.mount(target);
  return {
    async pay() {
      // Cards settle here; a method that must leave the page (some wallets, banks) comes back to this page.
      const { error } = await stripe.confirmPayment({ elements, redirect: 'if_required', confirmParams: { return_url: location.href } });
      return error ? (error.message ?? '') : null;
    },
    destroy: () => element.destroy(),
  };
}
