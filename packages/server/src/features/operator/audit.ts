import type { AdminAuditEntry } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';

/** What an admin did, to what and why: one row of `admin_audit_log`, written with the change it records. */
export interface AdminAction {
  actorId: string;
  action: 'account.restrict' | 'account.unrestrict' | 'fee.set' | 'tip.refund';
  targetType: 'user' | 'fee' | 'tip';
  targetId: string | null;
  reason: string;
  details?: Record<string, unknown>;
}

export async function recordAdminAction(q: Queryable, entry: AdminAction): Promise<void> {
  await q`
    insert into admin_audit_log (actor_id, action, target_type, target_id, reason, details)
    values (${entry.actorId}, ${entry.action}, ${entry.targetType}, ${entry.targetId}, ${entry.reason}, ${q.json((entry.details ?? {}) as never)})`;
}

interface AuditRow {
  id: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** Newest first; with `targetId`, only what was done to that account or tip. */
export async function listAdminActions(q: Queryable, filter: { targetId?: string | undefined; limit: number }): Promise<AdminAuditEntry[]> {
  const rows = await q<AuditRow[]>`
    select a.id::text as id, a.actor_id, u.email as actor_email, a.action, a.target_type, a.target_id, a.reason, a.details, a.created_at
    from admin_audit_log a left join users u on u.id = a.actor_id
    ${filter.targetId === undefined ? q`` : q`where a.target_id = ${filter.targetId}`}
    order by a.created_at desc, a.id desc limit ${filter.limit}`;
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
