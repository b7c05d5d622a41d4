import type { Ban, BanBody } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import type { FeatureDeps } from '../deps';
import { recordAction } from './audit';
import type { StaffContext } from './staff';

interface BanRow {
  id: string;
  viewerId: string;
  displayName: string;
  reason: string;
  expiresAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

const toBan = (row: BanRow): Ban => ({
  id: row.id,
  viewerId: row.viewerId,
  displayName: row.displayName,
  reason: row.reason,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  createdBy: row.createdBy,
});

/** Bans in force, newest first: not lifted, and not time-outs that have run out. */
export async function listActiveBans(q: Queryable, channelId: string): Promise<Ban[]> {
  const rows = await q<BanRow[]>`
    select b.id, b.viewer_id, v.display_name, b.reason, b.expires_at, b.created_at, b.created_by
    from bans b join viewers v on v.id = b.viewer_id
    where b.channel_id = ${channelId} and b.lifted_at is null and (b.expires_at is null or b.expires_at > now())
    order by b.created_at desc, b.id desc`;
  return rows.map(toBan);
}

interface Target {
  id: string;
  userId: string | null;
  displayName: string;
  deviceHash: string | null;
  isStreamer: boolean;
  isModerator: boolean;
  /** Whether the streamer or a moderator has also joined from this device. */
  deviceIsStaff: boolean;
}

/** The viewer to ban, locked so that two bans of one viewer take turns. */
async function lockTarget(tx: TransactionSql, channelId: string, viewerId: string): Promise<Target | undefined> {
  const [target] = await tx<Target[]>`
    select v.id, v.user_id, v.display_name, v.device_hash,
      coalesce(v.user_id = c.owner_id, false) as is_streamer,
      exists (select 1 from moderators m where m.channel_id = v.channel_id and m.user_id = v.user_id) as is_moderator,
      exists (
        select 1 from viewers s
        where s.channel_id = v.channel_id and s.device_hash = v.device_hash and s.id <> v.id
          and (s.user_id = c.owner_id or exists (select 1 from moderators m where m.channel_id = s.channel_id and m.user_id = s.user_id))
      ) as device_is_staff
    from viewers v join channels c on c.id = v.channel_id
    where v.id = ${viewerId} and v.channel_id = ${channelId}
    for no key update of v`;
  return target;
}

/**
 * Bans or times out a viewer. A new ban replaces one already in force. The ban covers the chat
 * identity, the account behind it and the device it joined from — unless the streamer or a
 * moderator uses that device too: a guest on the streamer's own browser must not lock the
 * streamer out.
 */
export async function banViewer(deps: FeatureDeps, { channel, actor, userId }: StaffContext, body: BanBody): Promise<Ban> {
  const reason = body.reason ?? '';
  const durationSeconds = body.durationSeconds ?? null;
  return deps.events.transaction(async (tx, events) => {
    await events.lock(channel.id);
    const target = await lockTarget(tx, channel.id, body.viewerId);
    if (!target) throw new AppError('NOT_FOUND', 'Viewer not found in this channel');
    if (target.isStreamer) throw new AppError('FORBIDDEN', 'The streamer cannot be banned from their own channel');
    if (target.isModerator) {
      throw new AppError(
        'FORBIDDEN',
        actor.role === 'moderator'
          ? 'Moderators cannot ban other moderators'
          : 'Moderators cannot be banned; remove them as moderator first',
      );
    }

    await tx`
      update bans set lifted_at = now(), lifted_by = ${userId}
      where channel_id = ${channel.id} and viewer_id = ${target.id} and lifted_at is null`;
    const [row] = await tx<BanRow[]>`
      insert into bans (channel_id, viewer_id, user_id, device_hash, reason, expires_at, created_by)
      values (${channel.id}, ${target.id}, ${target.userId}, ${target.deviceIsStaff ? null : target.deviceHash}, ${reason},
              ${durationSeconds === null ? null : tx`now() + make_interval(secs => ${durationSeconds})`}, ${userId})
      returning id, viewer_id, ${target.displayName}::text as display_name, reason, expires_at, created_at, created_by`;
    if (!row) throw new Error('tipchat: ban insert returned nothing');
    const ban = toBan(row);

    const removed = body.deleteRecentMessages ? await removeRecentMessages(tx, channel.id, target.id, userId) : null;
    await recordAction(tx, {
      channelId: channel.id,
      actorUserId: userId,
      action: durationSeconds === null ? 'viewer.banned' : 'viewer.timed_out',
      targetViewerId: target.id,
      details: { reason, durationSeconds, ...(removed ? { removedMessages: removed.messageIds.length } : {}) },
    });
    // Public: the banned viewer's own widget learns it at once, and everyone's chat can grey them out.
    await events.append(channel.id, 'viewer.banned', { viewerId: target.id, displayName: target.displayName, expiresAt: ban.expiresAt });
    if (removed && removed.messageIds.length > 0) {
      await events.append(channel.id, 'chat.messages_removed', { viewerId: target.id, messageIds: removed.messageIds });
      if (removed.unpinned) await events.append(channel.id, 'chat.unpinned', { messageId: removed.unpinned });
    }
    return ban;
  });
}

interface Removed {
  messageIds: string[];
  /** The pinned message, when it was one of them: it is unpinned too. */
  unpinned: string | null;
}

/** Soft-deletes the viewer's messages of the last hour. */
async function removeRecentMessages(tx: TransactionSql, channelId: string, viewerId: string, userId: string): Promise<Removed> {
  const removed = await tx<{ id: string }[]>`
    update chat_messages set deleted_at = now(), deleted_by = ${userId}
    where channel_id = ${channelId} and viewer_id = ${viewerId} and deleted_at is null and created_at > now() - interval '1 hour'
    returning id`;
  const messageIds = removed.map((message) => message.id);
  if (messageIds.length === 0) return { messageIds, unpinned: null };
  const [pin] = await tx<{ pinnedMessageId: string }[]>`
    select pinned_message_id from chat_settings
    where channel_id = ${channelId} and pinned_message_id in ${tx(messageIds)}
    for update`;
  if (pin) await tx`update chat_settings set pinned_message_id = null, updated_at = now() where channel_id = ${channelId}`;
  return { messageIds, unpinned: pin?.pinnedMessageId ?? null };
}

/** Lifts a ban in force; one already lifted, run out or unknown is a 404. */
export async function liftBan(deps: FeatureDeps, { channel, userId }: StaffContext, banId: string): Promise<void> {
  await deps.events.transaction(async (tx, events) => {
    await events.lock(channel.id);
    const [lifted] = await tx<{ viewerId: string }[]>`
      update bans set lifted_at = now(), lifted_by = ${userId}
      where id = ${banId} and channel_id = ${channel.id} and lifted_at is null and (expires_at is null or expires_at > now())
      returning viewer_id`;
    if (!lifted) throw new AppError('NOT_FOUND', 'No ban in force with this id in this channel');
    await recordAction(tx, {
      channelId: channel.id,
      actorUserId: userId,
      action: 'viewer.unbanned',
      targetViewerId: lifted.viewerId,
      details: { banId },
    });
    await events.append(channel.id, 'viewer.unbanned', { viewerId: lifted.viewerId });
  });
}
