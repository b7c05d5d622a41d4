import type { AuditEntry, AuditLog, ModerationAction } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';

interface EntryRow {
  id: number;
  action: ModerationAction;
  actorUserId: string;
  actorName: string;
  targetViewerId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

const toEntry = (row: EntryRow): AuditEntry => ({
  id: row.id,
  action: row.action,
  actor: { userId: row.actorUserId, displayName: row.actorName },
  targetViewerId: row.targetViewerId,
  details: row.details,
  createdAt: row.createdAt.toISOString(),
});

/** The channel's moderation log, newest first; `before` is the id cursor of the previous page. */
export async function readAuditLog(
  q: Queryable,
  channelId: string,
  page: { before?: number | undefined; limit: number },
): Promise<AuditLog> {
  const rows = await q<EntryRow[]>`
    select l.id, l.action, l.actor_user_id, u.display_name as actor_name, l.target_viewer_id, l.details, l.created_at
    from moderation_log l join users u on u.id = l.actor_user_id
    where l.channel_id = ${channelId} ${page.before === undefined ? q`` : q`and l.id < ${page.before}`}
    order by l.id desc
    limit ${page.limit + 1}`;
  const entries = rows.slice(0, page.limit).map(toEntry);
  return { entries, nextCursor: rows.length > page.limit ? (entries.at(-1)?.id ?? null) : null };
}
