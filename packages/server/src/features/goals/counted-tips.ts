import type { Queryable } from '../../db/connection';

/**
 * The one definition of which tips count towards goals and leaderboards, over a `tips t`: paid
 * ones (a paid_at, and not a pending or failed attempt). Refunded and disputed tips stay in, and
 * `netAmount` deducts what was given back, so a partly refunded tip counts for the rest.
 */
export const isCounted = (q: Queryable) => q`t.paid_at is not null and t.status not in ('pending', 'failed')`;

/** What a counted tip still brings: refunds, and disputes open or lost, deducted. */
export const netAmount = (q: Queryable) => q`(t.amount - t.refunded_amount - t.disputed_amount)`;
