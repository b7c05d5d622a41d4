import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';
import { keyReused } from './key';

/** An idempotency key as stored (migration 0011): its first request's fingerprint and what that request made. */
export interface KeyRecord {
  fingerprint: string;
  chatMessageId: string | null;
  tipId: string | null;
  /** A tip creation's first answer; null while the first request is still at the payment provider. */
  response: unknown;
}

export interface KeyClaim {
  scope: string;
  key: string;
  fingerprint: string;
  chatMessageId?: string;
  tipId?: string;
}

export async function findKey(q: Queryable, scope: string, key: string): Promise<KeyRecord | null> {
  const [row] = await q<KeyRecord[]>`
    select fingerprint, chat_message_id, tip_id, response from idempotency_keys where scope = ${scope} and key = ${key}`;
  return row ?? null;
}

/** The claim as a statement of its own or a CTE: one row (`claimed`) when the key was free. */
export const claimKeyQuery = (q: Queryable, claim: KeyClaim) => q`
  insert into idempotency_keys (scope, key, fingerprint, chat_message_id, tip_id)
  values (${claim.scope}, ${claim.key}, ${claim.fingerprint}, ${claim.chatMessageId ?? null}, ${claim.tipId ?? null})
  on conflict (scope, key) do nothing
  returning true as claimed`;

/**
 * Claims a key for a request about to make its row. False: the key is taken — by an earlier
 * request, or by one committing right now (the primary key makes this insert wait for it), so
 * two requests with one key can never both claim it.
 */
export async function claimKey(q: Queryable, claim: KeyClaim): Promise<boolean> {
  const rows = await claimKeyQuery(q, claim);
  return rows.length === 1;
}

/** The first request's record when `fingerprint` matches it; 422 when the key was used for a different request. */
export function sameRequest(record: KeyRecord, fingerprint: string): KeyRecord {
  if (record.fingerprint !== fingerprint) throw keyReused();
  return record;
}

/** A key claimed by a request that then left nothing to answer with (it expired meanwhile, or its row is gone). */
export const keyInUse = () =>
  new AppError('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry shortly with the same key', {
    retryAfterSeconds: 1,
  });
