import type { FieldIssue, TipStatus, tipFeedQuerySchema } from '@tipchat/sdk/protocol';
import type postgres from 'postgres';
import type { z } from 'zod';
import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';

/** A piece of SQL to put inside another query. */
export type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** The feed query as validated by the route (status split into a list, booleans parsed, defaults filled). */
export type TipFeedFilters = z.output<typeof tipFeedQuerySchema>;

/** Money that reached the streamer at some point: what a feed shows unless asked for pending or failed tips. */
export const PAID_STATUSES: readonly TipStatus[] = ['succeeded', 'partially_refunded', 'refunded', 'disputed', 'dispute_lost'];

/** Postgres has no year 0000; a date-time that lands before year 1 in UTC is refused here, not by the database. */
const inRange = (iso: string) => new Date(iso).getUTCFullYear() >= 1;

/**
 * What the query schema cannot see field by field: empty or inverted ranges. The paths follow
 * the validation errors of the route (`querystring.<field>`).
 */
export function checkFeedFilters(filters: TipFeedFilters): void {
  const issues: FieldIssue[] = [];
  for (const field of ['from', 'to'] as const) {
    const value = filters[field];
    if (value !== undefined && !inRange(value)) issues.push({ path: `querystring.${field}`, message: 'Must be in year 1 or later' });
  }
  if (filters.from !== undefined && filters.to !== undefined && Date.parse(filters.from) > Date.parse(filters.to)) {
    issues.push({ path: 'querystring.to', message: 'Must not be before from' });
  }
  if (filters.minAmount !== undefined && filters.maxAmount !== undefined && filters.minAmount > filters.maxAmount) {
    issues.push({ path: 'querystring.maxAmount', message: 'Must not be less than minAmount' });
  }
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'The request is not valid', issues);
}

/** The statuses a feed shows: the ones asked for, or every paid one. */
export function feedStatuses(filters: Pick<TipFeedFilters, 'status'>): TipStatus[] {
  return [...new Set(filters.status ?? PAID_STATUSES)];
}

/** `q` as a LIKE pattern that matches it literally anywhere: %, _ and the escape character lose their meaning. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The WHERE conditions of a feed query over `tips t`, without the cursor (totals use them as
 * they are). Dates apply to created_at — when the tipper started the tip, which is also the
 * feed's time order — with `from` inclusive and `to` exclusive; amounts to the gross, both
 * bounds inclusive; the search to the display name and the full message, held or not (staff
 * review held text), case-insensitively.
 */
export function feedConditions(q: Queryable, channelId: string, filters: TipFeedFilters): Fragment {
  const statuses = feedStatuses(filters);
  const conditions: Fragment[] = [q`t.channel_id = ${channelId}`, q`t.status in ${q(statuses)}`];
  if (!filters.includeHidden) conditions.push(q`not t.hidden`);
  // As text: a timestamptz parameter would pass through a JS Date in postgres.js and lose its microseconds.
  if (filters.from !== undefined) conditions.push(q`t.created_at >= ${filters.from}::text::timestamptz`);
  if (filters.to !== undefined) conditions.push(q`t.created_at < ${filters.to}::text::timestamptz`);
  if (filters.minAmount !== undefined) conditions.push(q`t.amount >= ${filters.minAmount}::bigint`);
  if (filters.maxAmount !== undefined) conditions.push(q`t.amount <= ${filters.maxAmount}::bigint`);
  if (filters.hasMessage !== undefined) conditions.push(filters.hasMessage ? q`t.message <> ''` : q`t.message = ''`);
  if (filters.unread !== undefined) conditions.push(filters.unread ? q`t.read_at is null` : q`t.read_at is not null`);
  if (filters.starred !== undefined) conditions.push(q`t.starred = ${filters.starred}`);
  if (filters.streamId !== undefined) conditions.push(q`t.stream_id = ${filters.streamId}::uuid`);
  if (filters.q !== undefined) {
    const pattern = containsPattern(filters.q);
    conditions.push(q`(t.display_name ilike ${pattern} escape '\\' or t.message ilike ${pattern} escape '\\')`);
  }
  return and(q, conditions);
}

/** Joins conditions with AND (postgres.js has no join for fragments). */
export function and(q: Queryable, conditions: Fragment[]): Fragment {
  return conditions.reduce((joined, condition) => q`${joined} and ${condition}`);
}
