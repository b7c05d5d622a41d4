/**
 * Why a provider webhook was refused. Each failure has its own reason so logs and alerts can tell a forged
 * delivery (signature_mismatch) from a genuine but late one (stale_timestamp) or a clock problem (future_timestamp).
 */
export type WebhookFailureReason =
  | 'missing_header'
  | 'malformed_header'
  | 'malformed_timestamp'
  | 'no_v1_signature'
  | 'signature_mismatch'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'unparsable_body';

export type WebhookProvider = 'stripe' | 'cashfree';

/** Thrown by the verifiers; the webhook route maps it to a 400 with a stable code (the body is never echoed back). */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(
    readonly provider: WebhookProvider,
    readonly reason: WebhookFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** Milliseconds since the epoch; injected so tests can move time without fake timers. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/**
 * Age checks shared by both providers. A delivery older than `toleranceSeconds` is refused as a possible replay;
 * one stamped more than `futureSkewSeconds` ahead of our clock is refused too, since a far-future timestamp would
 * otherwise stay "fresh" for as long as the attacker likes.
 */
export function checkFreshness(
  provider: WebhookProvider,
  signedAtMs: number,
  nowMs: number,
  window: { toleranceSeconds: number; futureSkewSeconds: number },
): void {
  const ageMs = nowMs - signedAtMs;
  if (ageMs > window.toleranceSeconds * 1000) {
    throw new WebhookVerificationError(provider, 'stale_timestamp', `Webhook timestamp is older than ${window.toleranceSeconds} s`);
  }
  if (-ageMs > window.futureSkewSeconds * 1000) {
    throw new WebhookVerificationError(provider, 'future_timestamp', `Webhook timestamp is more than ${window.futureSkewSeconds} s ahead`);
  }
}

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_FUTURE_SKEW_SECONDS = 300;

/** Node gives a string for a single header; an array only if a client repeated it, which no provider does. */
export type HeaderValue = string | string[] | undefined;
