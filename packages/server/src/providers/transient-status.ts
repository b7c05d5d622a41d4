/**
 * Whether a provider's HTTP answer is final ("no": the same request would be refused again) or transient ("not now":
 * it may succeed later, like a 5xx). Each provider names the 4xx statuses it means as "not now"; they differ, so
 * there is no default.
 */

/** A request timeout and a rate limit: Cashfree's (PG and Payouts) "not now" statuses. */
export const TIMEOUT_OR_RATE_LIMIT: ReadonlySet<number> = new Set([408, 429]);

/** A 5xx, or one of the provider's transient 4xx statuses: asking again later may succeed. */
export function isTransientStatus(status: number, transient4xx: ReadonlySet<number>): boolean {
  return status >= 500 || transient4xx.has(status);
}

/** A 4xx the provider does not mean as "not now": it refused the request itself, and would again. */
export function isRefusalStatus(status: number, transient4xx: ReadonlySet<number>): boolean {
  return status >= 400 && status < 500 && !isTransientStatus(status, transient4xx);
}
