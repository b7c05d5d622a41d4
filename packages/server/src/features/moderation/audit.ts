import type { ModerationAction } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';

export interface AuditRecord {
  channelId: string;
  actorUserId: string;
  action: ModerationAction;
  targetViewerId?: string | null;
  details?: Record<string, unknown>;
}

/** Records a moderation action in the channel's audit log; call it in the action's own transaction. */
export async function recordAction(q: Queryable, record: AuditRecord): Promise<void> {
  await q`
    insert into moderation_log (channel_id, actor_user_id, action, target_viewer_id, details)
    values (${record.channelId}, ${record.actorUserId}, ${record.action}, ${record.targetViewerId ?? null},
            ${q.json((record.details ?? {}) as never)})`;
}
