import axios from 'axios';
import { Cashfree, CFEnvironment } from 'cashfree-pg';

export type CashfreeEnvironment = 'sandbox' | 'production';

/** Where cashfree-pg 6.x sends PG requests. It builds these URLs itself, whatever axios instance it is given. */
export const CASHFREE_PG_URLS: Readonly<Record<CashfreeEnvironment, string>> = {
  sandbox: 'https://sandbox.cashfree.com/pg',
  production: 'https://api.cashfree.com/pg',
};

export const DEFAULT_CASHFREE_TIMEOUT_MS = 15_000;

export interface CashfreeClientOptions {
  clientId: string;
  clientSecret: string;
  environment: CashfreeEnvironment;
  /**
   * Another origin to send the requests to instead of Cashfree's (`http://127.0.0.1:1234` for a local fake): the
   * environment's `…/pg` prefix becomes `${apiUrl}/pg`.
   */
  apiUrl?: string;
  timeoutMs?: number;
}

/**
 * The real `cashfree-pg` client with its own axios instance.
 *
 * Error analytics are off (the constructor's 7th argument): with them on, the SDK initialises Sentry with Cashfree's
 * DSN and reports our errors, with our users' data in them, to a third party.
 *
 * The SDK hard-codes its base URL per environment, so a request interceptor checks every URL against that prefix and
 * refuses anything else before it leaves the process (a client switched to the other environment, a future SDK
 * method with another host); with `apiUrl` it rewrites the prefix to that origin.
 */
export function createCashfreeClient(options: CashfreeClientOptions): Cashfree {
  if (options.clientId.trim() === '' || options.clientSecret.trim() === '')
    throw new Error('createCashfreeClient needs a client id and secret');
  const prefix = CASHFREE_PG_URLS[options.environment];
  const target = options.apiUrl === undefined ? prefix : `${options.apiUrl.replace(/\/+$/, '')}/pg`;
  // No redirects: a 3xx from the API is an error to report, not a hop to another host with our secret in the headers.
  const http = axios.create({ timeout: options.timeoutMs ?? DEFAULT_CASHFREE_TIMEOUT_MS, maxRedirects: 0 });
  http.interceptors.request.use((config) => {
    const url = config.url ?? '';
    if (!url.startsWith(`${prefix}/`)) throw new Error(`Refusing a Cashfree request outside ${prefix}: ${url}`);
    return target === prefix ? config : { ...config, url: `${target}${url.slice(prefix.length)}` };
  });
  const environment = options.environment === 'production' ? CFEnvironment.PRODUCTION : CFEnvironment.SANDBOX;
  return new Cashfree(environment, options.clientId, options.clientSecret, undefined, undefined, undefined, false, http);
}
