/**
 * The clock of a payout whose outcome we do not know yet. The numbers hang together: a payout is sent at most once,
 * within SEND_DEADLINE of its creation, and each provider call gives up after 15 s (Stripe's library may retry twice
 * with the same idempotency key), so by MISSING_GRACE nothing can still be on its way to the provider.
 */

/** The sender does not start a transfer for a payout older than this: the poller takes it over. */
export const SEND_DEADLINE_MS = 2 * 60_000;

/**
 * When a provider has never heard of a transfer this long after the payout was created, the transfer can never
 * appear: the only send happened (or was skipped) long before, and nothing ever sends it again. The money goes back.
 */
export const MISSING_GRACE_MS = 10 * 60_000;

/** A send that timed out is asked about soon: usually the provider has the answer already. */
export const UNKNOWN_FIRST_POLL_MS = 30_000;

const MIN_POLL_MS = 60_000;
const MAX_POLL_MS = 6 * 3600_000;

/**
 * How long to wait before asking about a payout again: a quarter of its age, between a minute and six hours. Webhooks
 * normally bring the outcome; polling is the fallback for the ones that never come, and should not hammer the API
 * for a transfer a bank holds for days.
 */
export function nextPollAt(createdAt: Date, now: Date): Date {
  const age = Math.max(0, now.getTime() - createdAt.getTime());
  return new Date(now.getTime() + Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, Math.floor(age / 4))));
}
