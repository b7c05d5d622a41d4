import { isAxiosError } from 'axios';
import { z } from 'zod';
import { ProviderError } from '../../providers/payment-provider';
import { isRefusalStatus, TIMEOUT_OR_RATE_LIMIT } from '../../providers/transient-status';

/** Cashfree PG's error body. Every field is optional here: a proxy or load balancer in front of it sends its own. */
const cashfreeErrorBodySchema = z.object({
  message: z.string().optional(),
  code: z.string().optional(),
  type: z.string().optional(),
});

const MAX_MESSAGE_LENGTH = 300;

/** The HTTP status and Cashfree error code of a failed call, when Cashfree answered at all. */
export function cashfreeErrorResponse(err: unknown): { status: number; code: string | null } | null {
  if (!isAxiosError(err) || !err.response) return null;
  const body = cashfreeErrorBodySchema.safeParse(err.response.data);
  return { status: err.response.status, code: (body.success ? body.data.code : undefined) ?? null };
}

/**
 * A failed `cashfree-pg` call as a ProviderError: `refused` when Cashfree answered 4xx (the same request would fail
 * again), not when it could not be reached, timed out, answered 5xx, or asked us to slow down (408/429).
 *
 * The AxiosError is deliberately not kept as the cause: its `config.headers` hold `x-client-secret`, and a logger
 * that serialises an error's cause would print it. The message carries what the logs need instead.
 */
export function cashfreeProviderError(err: unknown, action: string): ProviderError {
  if (!isAxiosError(err)) {
    const reason = err instanceof Error ? err.message : String(err);
    return new ProviderError('cashfree', `Could not ${action} with Cashfree: ${clip(reason)}`, null, false, { cause: err });
  }
  if (err.response) {
    const { status, data } = err.response;
    const body = cashfreeErrorBodySchema.safeParse(data);
    const code = (body.success ? body.data.code : undefined) ?? null;
    const detail = body.success && body.data.message ? `: ${clip(body.data.message)}` : '';
    const refused = isRefusalStatus(status, TIMEOUT_OR_RATE_LIMIT);
    const verb = refused ? 'refused to' : 'failed to';
    return new ProviderError('cashfree', `Cashfree ${verb} ${action} (HTTP ${status}${code ? ` ${code}` : ''})${detail}`, code, refused);
  }
  if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') {
    return new ProviderError('cashfree', `Cashfree did not answer in time to ${action}`, null, false);
  }
  return new ProviderError('cashfree', `Cashfree could not be reached to ${action} (${err.code ?? 'network error'})`, null, false);
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}
