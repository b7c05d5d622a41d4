import Stripe from 'stripe';
import { ProviderError } from '../../providers/payment-provider';
import { isRefusalStatus } from '../../providers/transient-status';

/**
 * 4xx statuses that are not a refusal of the request itself: 409 is a conflict with a concurrent request on the same
 * object or idempotency key, 429 is a rate limit. Both can succeed on a later try, like a 5xx.
 */
const TRANSIENT_4XX: ReadonlySet<number> = new Set([409, 429]);

/** Stripe masks keys in its messages; we mask again in case a message ever carries one whole. */
const SECRET_KEY_PATTERN = /\b(sk|rk)_(live|test)_[A-Za-z0-9*]+/g;

/**
 * Turns what the `stripe` client threw into a ProviderError. `refused` is true when Stripe answered and refused the
 * request (a bad parameter, a declined card, an idempotency key reused with other parameters, a bad API key): trying
 * again unchanged gives the same answer. It is false when Stripe could not be reached, timed out or failed (5xx), and
 * for conflicts and rate limits: the viewer may try again. Anything that is not a Stripe error is our own bug and is
 * rethrown as it is.
 *
 * The Stripe error is not kept as `cause`: loggers print a cause's message, and only our copy of it is redacted.
 * What a log needs is kept instead: the status, Stripe's code or error type, its request id and, for a connection
 * failure, the system error code.
 */
export function toProviderError(err: unknown, action: string): ProviderError {
  if (!(err instanceof Stripe.errors.StripeError)) throw err;
  const status = err.statusCode;
  const refused = status !== undefined && isRefusalStatus(status, TRANSIENT_4XX);
  const detail = [redactSecrets(err.message), systemCode(err.detail), err.requestId ? `request ${err.requestId}` : null]
    .filter((part) => part !== null && part !== '')
    .join('; ');
  const message = `Stripe ${refused ? 'refused to' : 'failed to'} ${action}${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}`;
  return new ProviderError('stripe', message, err.code ?? err.rawType ?? null, refused);
}

function systemCode(detail: unknown): string | null {
  if (!(detail instanceof Error) || !('code' in detail) || typeof detail.code !== 'string') return null;
  return detail.code;
}

export function redactSecrets(text: string): string {
  return text.replace(SECRET_KEY_PATTERN, (_, kind: string, mode: string) => `${kind}_${mode}_***`);
}
