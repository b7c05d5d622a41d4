import type { OperatorRestriction } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';

/**
 * The operator's restriction of a streamer account (table `operator_restrictions`, migration 0014): the account still
 * signs in and its dashboard says why, but its channel takes no new tips. Not `users.status = 'restricted'`, which is
 * an account its owner deactivated and which cannot sign in at all. Tips, the account's own routes and the operator
 * console read it from here; only the operator console writes it.
 */
interface RestrictionRow {
  reason: string;
  restrictedAt: Date;
  restrictedBy: string | null;
}

export async function restrictionOf(q: Queryable, userId: string): Promise<OperatorRestriction | null> {
  const [row] = await q<RestrictionRow[]>`
    select reason, restricted_at, restricted_by from operator_restrictions where user_id = ${userId}`;
  return row ? toRestriction(row) : null;
}

export function toRestriction(row: RestrictionRow): OperatorRestriction {
  return { reason: row.reason, restrictedAt: row.restrictedAt.toISOString(), restrictedBy: row.restrictedBy };
}
