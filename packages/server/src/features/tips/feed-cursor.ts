import { type TipFeedQuery, uuidSchema } from '@tipchat/sdk/protocol';
import { z } from 'zod';
import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';

export type TipFeedSort = NonNullable<TipFeedQuery['sort']>;
const SORTS = ['newest', 'oldest', 'amount_desc', 'amount_asc'] as const satisfies readonly TipFeedSort[];

/** Where a page ended: the sort key of its last tip, and the order it was read in. */
export interface FeedPosition {
  sort: TipFeedSort;
  /**
   * created_at to the microsecond, as UTC ISO text. A JS Date stops at milliseconds; a cursor
   * rounded to them would skip or repeat tips created within the same millisecond.
   */
  createdAt: string;
  id: string;
  amount: number;
}

/** What the select adds for the cursor: `to_char` of created_at, microseconds included. */
export const cursorCreatedColumn = (q: Queryable) =>
  q`to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_created`;

/** Year 0001 onwards: Postgres has no year 0000 to parse. */
const MICRO_ISO = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A real calendar instant: the millisecond part survives a round trip through Date (no 31 February). */
function isRealInstant(text: string): boolean {
  const millis = `${text.slice(0, 23)}Z`;
  const time = Date.parse(millis);
  return !Number.isNaN(time) && new Date(time).toISOString() === millis;
}

const positionSchema = z.tuple([z.enum(SORTS), z.string().regex(MICRO_ISO).refine(isRealInstant), uuidSchema, z.number().int().min(0)]);

/** Opaque to clients: base64url of `[sort, createdAt, id, amount]`. */
export function encodeCursor(position: FeedPosition): string {
  const tuple: z.infer<typeof positionSchema> = [position.sort, position.createdAt, position.id, position.amount];
  return Buffer.from(JSON.stringify(tuple), 'utf8').toString('base64url');
}

const cursorError = (message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ path: 'querystring.cursor', message: 'Not a cursor of this listing' }]);

/**
 * The position a cursor names, for `sort`. A cursor only means something in the order it was
 * made for (an amount is no place in a list by time), so a cursor of another order is refused
 * rather than quietly starting somewhere else; so is anything the feed did not give out.
 */
export function decodeCursor(cursor: string, sort: TipFeedSort): FeedPosition {
  let raw: unknown;
  if (/^[A-Za-z0-9_-]+$/.test(cursor)) {
    try {
      raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      raw = undefined;
    }
  }
  const parsed = positionSchema.safeParse(raw);
  if (!parsed.success) throw cursorError('This cursor was not given out by the tip feed; start again without a cursor');
  const [madeFor, createdAt, id, amount] = parsed.data;
  if (madeFor !== sort) {
    throw cursorError(`This cursor belongs to the "${madeFor}" order, not "${sort}"; start again without a cursor to change the order`);
  }
  return { sort, createdAt, id, amount };
}

/**
 * ORDER BY for each sort. Ties go by time, then id, in the same direction as the main key, so
 * every order is total and one row comparison finds what comes after a position.
 */
export function feedOrder(q: Queryable, sort: TipFeedSort) {
  switch (sort) {
    case 'newest':
      return q`order by t.created_at desc, t.id desc`;
    case 'oldest':
      return q`order by t.created_at asc, t.id asc`;
    case 'amount_desc':
      return q`order by t.amount desc, t.created_at desc, t.id desc`;
    case 'amount_asc':
      return q`order by t.amount asc, t.created_at asc, t.id asc`;
  }
}

/**
 * Tips strictly after `position` in its order (keyset: inserts elsewhere never shift a page).
 * Times go in as text: given a timestamptz parameter, postgres.js turns the string into a JS Date
 * first and the microseconds are lost.
 */
export function afterPosition(q: Queryable, position: FeedPosition) {
  const { createdAt, id, amount } = position;
  switch (position.sort) {
    case 'newest':
      return q`(t.created_at, t.id) < (${createdAt}::text::timestamptz, ${id}::uuid)`;
    case 'oldest':
      return q`(t.created_at, t.id) > (${createdAt}::text::timestamptz, ${id}::uuid)`;
    case 'amount_desc':
      return q`(t.amount, t.created_at, t.id) < (${amount}::bigint, ${createdAt}::text::timestamptz, ${id}::uuid)`;
    case 'amount_asc':
      return q`(t.amount, t.created_at, t.id) > (${amount}::bigint, ${createdAt}::text::timestamptz, ${id}::uuid)`;
  }
}
