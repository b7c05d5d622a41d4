import type { ProviderEventFlagged, ProviderEventReview, ProviderEventReviewReason } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import { AppError, notFound } from '../../errors';
import type { EventWriter } from '../../realtime/event-log';

/** A provider event a person must look at, as the processor reports it. */
export interface ProviderEventFlag {
  provider: string;
  eventId: string;
  providerType: string;
  reason: ProviderEventReviewReason;
  details: Record<string, unknown>;
  paymentId: string;
  channelId: string | null;
  tipId: string | null;
  /**
   * The delivery as signed: its body's text (stored as jsonb from the text itself, so `170.00` stays `170.00`), or,
   * for an event that did not come from a webhook (the dev checkout), the normalised event.
   */
  payload: { text: string } | { value: unknown };
}

interface ReviewRow {
  id: string;
  provider: string;
  eventId: string;
  providerType: string;
  reason: ProviderEventReviewReason;
  details: Record<string, unknown>;
  paymentId: string;
  channelId: string | null;
  tipId: string | null;
  /** Read as text: the connection turns snake_case keys of jsonb values into camelCase, which would change the payload. */
  payloadText: string;
  deliveries: number;
  createdAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  note: string | null;
}

/**
 * Stores the flag, once per (provider, event id, reason): a redelivery of a refused event counts a delivery. When
 * the event is about a channel's tip and the row is new, the channel's staff hear of it (`provider_event.flagged`,
 * without the payload). The channel is locked through `events` (lock order step 1) before its log is written; the
 * processor holds that lock already for tip events, and a flag row belongs to no channel's rows (step 0) otherwise.
 */
export async function flagProviderEvent(tx: TransactionSql, events: EventWriter, flag: ProviderEventFlag): Promise<ProviderEventReview> {
  const payload = 'text' in flag.payload ? tx`${flag.payload.text}::text::jsonb` : tx`${tx.json(flag.payload.value as never)}::jsonb`;
  const [row] = await tx<(ReviewRow & { inserted: boolean })[]>`
    insert into provider_event_reviews
      (provider, event_id, provider_type, reason, details, payment_id, channel_id, tip_id, payload)
    values (${flag.provider}, ${flag.eventId}, ${flag.providerType}, ${flag.reason}, ${tx.json(flag.details as never)},
      ${flag.paymentId}, ${flag.channelId}, ${flag.tipId}, ${payload})
    on conflict (provider, event_id, reason) do update
      set deliveries = provider_event_reviews.deliveries + 1, last_seen_at = now()
    returning *, payload::text as payload_text, (xmax = 0) as inserted`;
  if (!row) throw new Error('tipchat: the review insert returned nothing');
  const { inserted, ...review } = row;
  if (inserted && review.channelId) {
    await events.lock(review.channelId);
    await events.append(review.channelId, 'provider_event.flagged', toFlaggedEvent(review), 'staff');
  }
  return toReview(review);
}

export async function listReviews(q: Queryable, status: 'open' | 'resolved', limit: number): Promise<ProviderEventReview[]> {
  const rows =
    status === 'open'
      ? await q<ReviewRow[]>`
          select *, payload::text as payload_text from provider_event_reviews where resolved_at is null order by created_at desc, id desc limit ${limit}`
      : await q<ReviewRow[]>`
          select *, payload::text as payload_text from provider_event_reviews where resolved_at is not null order by resolved_at desc, id desc limit ${limit}`;
  return rows.map(toReview);
}

/** Marks a review resolved by `userId` with what was done. Resolving twice is refused: the first note stays. */
export async function resolveReview(q: Queryable, id: string, userId: string, note: string): Promise<ProviderEventReview> {
  const [row] = await q<ReviewRow[]>`
    update provider_event_reviews set resolved_at = now(), resolved_by = ${userId}, note = ${note}
    where id = ${id} and resolved_at is null
    returning *, payload::text as payload_text`;
  if (row) return toReview(row);
  const [existing] = await q<Pick<ReviewRow, 'resolvedAt' | 'resolvedBy'>[]>`
    select resolved_at, resolved_by from provider_event_reviews where id = ${id}`;
  if (!existing) throw notFound('Provider event review');
  throw new AppError('REVIEW_ALREADY_RESOLVED', 'This provider event review was resolved already', {
    resolvedAt: existing.resolvedAt?.toISOString() ?? null,
    resolvedBy: existing.resolvedBy,
  });
}

function toReview(row: ReviewRow): ProviderEventReview {
  return {
    id: row.id,
    provider: row.provider,
    eventId: row.eventId,
    providerType: row.providerType,
    reason: row.reason,
    details: row.details,
    paymentId: row.paymentId,
    channelId: row.channelId,
    tipId: row.tipId,
    payload: JSON.parse(row.payloadText) as unknown,
    deliveries: row.deliveries,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
    note: row.note,
  };
}

function toFlaggedEvent(row: ReviewRow): ProviderEventFlagged {
  return {
    reviewId: row.id,
    provider: row.provider,
    providerType: row.providerType,
    reason: row.reason,
    tipId: row.tipId,
    createdAt: row.createdAt.toISOString(),
  };
}
