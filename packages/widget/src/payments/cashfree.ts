import { loadScript } from './load-script';

/** The part of Cashfree's JS SDK (v3) the widget uses. */
interface CashfreeJs {
  checkout(options: { paymentSessionId: string; redirectTarget: '_modal' }): Promise<{ error?: { message?: string } }>;
}

declare global {
  interface Window {
    Cashfree?: (options: { mode: 'sandbox' | 'production' }) => CashfreeJs;
  }
}

/**
 * Opens Cashfree's checkout for an order's payment session as a popup over the page, loading
 * sdk.cashfree.com only now. Resolves with an error message, or null once the viewer finished
 * the checkout (the outcome itself comes from the server, which hears it from Cashfree).
 */
export async function payWithCashfree(paymentSessionId: string, mode: 'sandbox' | 'production'): Promise<string | null> {
  await loadScript('https://sdk.cashfree.com/js/v3/cashfree.js');
  const cashfree = (window.Cashfree as NonNullable<Window['Cashfree']>)({ mode });
  const { error } = await cashfree.checkout({ paymentSessionId, redirectTarget: '_modal' });
  return error ? (error.message ?? '') : null;
}
