import { maskAccountNumber } from '@tipchat/sdk/protocol';
import { isTransientStatus, TIMEOUT_OR_RATE_LIMIT } from '../../providers/transient-status';

/**
 * A failed Cashfree Payouts or Verification call.
 *
 * `retryable` says the failure is not a refusal: Cashfree could not be reached, did not answer in time, answered
 * 5xx, asked us to slow down (408/429), or answered something we could not read. For reads that means "ask again
 * later". For a create it means "the outcome is unknown": the request may have taken effect, so look it up before
 * doing anything else (createTransfer in particular must never be sent again; see CashfreePayoutsClient).
 *
 * The message never holds the client secret or a full account number (Cashfree's validation messages echo the
 * value received), and the error keeps no reference to the request, whose headers carry the secret.
 */
export class PayoutProviderError extends Error {
  override readonly name = 'PayoutProviderError';

  constructor(
    /** Cashfree's HTTP status, or null when it never answered (network failure, timeout). */
    readonly status: number | null,
    /** Cashfree's error code (`beneficiary_id_already_exists`), or ours: `timeout`, `network_error`, `unexpected_response`, `unexpected_redirect`, `http_<status>`. */
    readonly providerCode: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** 5xx, 408 and 429 mean "not now" rather than "no". */
export const isRetryableStatus = (status: number) => isTransientStatus(status, TIMEOUT_OR_RATE_LIMIT);

/**
 * Whether a failed call may still have taken effect at Cashfree: no answer (timeout, network), a 5xx or 408, or an
 * accepted answer we could not read. A 429 is retryable but not unknown: Cashfree turned the request away unread.
 * After such a failure a create or delete must be looked up, never assumed undone.
 */
export function mayHaveTakenEffect(error: PayoutProviderError): boolean {
  return error.status === null || error.status >= 500 || error.status === 408 || error.providerCode === 'unexpected_response';
}

const MAX_DETAIL_LENGTH = 300;

/**
 * Text from Cashfree or from a network error, made safe for a message: the given secrets and sensitive values are
 * cut out, and any long run of digits (an account number echoed back, in any form) is masked to its last 4.
 */
export function redact(text: string, secrets: readonly string[], sensitive: readonly string[] = []): string {
  let safe = text;
  for (const secret of secrets) if (secret !== '') safe = safe.split(secret).join('[redacted]');
  // Whole digit runs first, so a sensitive value inside a longer run is masked with it rather than cut out of it.
  safe = safe.replace(/\d{9,}/g, (digits) => maskAccountNumber(digits));
  for (const value of sensitive) if (value !== '') safe = safe.split(value).join(maskAccountNumber(value));
  return safe.length > MAX_DETAIL_LENGTH ? `${safe.slice(0, MAX_DETAIL_LENGTH)}…` : safe;
}
