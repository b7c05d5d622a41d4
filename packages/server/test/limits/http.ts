import { randomBytes } from 'node:crypto';
import type { TestServer } from '../support/server';

/** One answer, with how long it took. */
export interface Timed {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: { error?: { code: string; message: string; details?: { retryAfterSeconds?: number } } } & Record<string, unknown>;
}

/** A JSON request from `ip` (the test servers trust X-Forwarded-For), timed. */
export async function call(
  server: TestServer,
  method: string,
  path: string,
  options: { ip?: string; body?: unknown; token?: string } = {},
): Promise<Timed> {
  const headers: Record<string, string> = {};
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    ms: performance.now() - started,
    retryAfter: response.headers.get('retry-after'),
    body: text ? (JSON.parse(text) as Timed['body']) : {},
  };
}

export const tipBody = (extra: Record<string, unknown> = {}) => ({ amount: 500, currency: 'USD', displayName: 'Tipper', ...extra });

export const deviceToken = () => randomBytes(16).toString('hex');

let addresses = 0;
/** A fresh address for each call: a client nobody else speaks as. */
export const freshIp = () => {
  addresses++;
  return `10.77.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
};
