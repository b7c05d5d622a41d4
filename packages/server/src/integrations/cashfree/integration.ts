/**
 * What the server builds from the `cashfree-pg` library (Cashfree PG checkout), in one module so that
 * provider-sdks.ts can import it (and with it the library) only when Cashfree is configured. Cashfree Payouts
 * (cashfree-rail.ts) speaks HTTP itself and does not need the library.
 */
export { CashfreeProvider } from './cashfree-provider';
export { createCashfreeClient } from './pg-client';
