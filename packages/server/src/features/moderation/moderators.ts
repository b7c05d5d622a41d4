import type { Moderator } from '@tipchat/sdk/protocol';
import type { Queryable } from '../../db/connection';
import { AppError } from '../../errors';
import type { FeatureDeps } from '../deps';
import { recordAction } from './audit';
import type { StaffContext } from './staff';

interface ModeratorRow {
  userId: string;
  displayName: string;
  email: string;
  createdAt: Date;
}

const toModerator = (row: ModeratorRow): Moderator => ({
  userId: row.userId,
  displayName: row.displayName,
  email: row.email,
  createdAt: row.createdAt.toISOString(),
});

export async function listModerators(q: Queryable, channelId: string): Promise<Moderator[]> {
  const rows = await q<ModeratorRow[]>`
    select m.user_id, u.display_name, u.email, m.created_at
    from moderators m join users u on u.id = m.user_id
    where m.channel_id = ${channelId}
    order by m.created_at, m.user_id`;
  return rows.map(toModerator);
}

/** The streamer appoints an existing, active account by its email. */
export async function addModerator(deps: FeatureDeps, { channel, userId }: StaffContext, email: string): Promise<Moderator> {
  const [user] = await deps.sql<{ id: string; displayName: string; email: string }[]>`
    select id, display_name, email from users where email = ${email} and status = 'active'`;
  if (!user) throw new AppError('NOT_FOUND', 'No account with this email');
  if (user.id === channel.ownerId) throw new AppError('BAD_REQUEST', 'You own this channel: you already moderate it');

  return deps.events.transaction(async (tx, events) => {
    await events.lock(channel.id);
    const [row] = await tx<{ createdAt: Date }[]>`
      insert into moderators (channel_id, user_id, added_by) values (${channel.id}, ${user.id}, ${userId})
      on conflict do nothing
      returning created_at`;
    if (!row) throw new AppError('ALREADY_MODERATOR', `${user.displayName} is already a moderator of this channel`);
    // The audit log is read by moderators too: it names the account, it does not show the email.
    await recordAction(tx, {
      channelId: channel.id,
      actorUserId: userId,
      action: 'moderator.added',
      details: { userId: user.id, displayName: user.displayName },
    });
    await events.append(channel.id, 'moderation.changed', { action: 'moderator.added' }, 'staff');
    return toModerator({ userId: user.id, displayName: user.displayName, email: user.email, createdAt: row.createdAt });
  });
}

export async function removeModerator(deps: FeatureDeps, { channel, userId }: StaffContext, moderatorId: string): Promise<void> {
  await deps.events.transaction(async (tx, events) => {
    await events.lock(channel.id);
    const [removed] = await tx<{ displayName: string }[]>`
      delete from moderators m using users u
      where m.channel_id = ${channel.id} and m.user_id = ${moderatorId} and u.id = m.user_id
      returning u.display_name`;
    if (!removed) throw new AppError('NOT_FOUND', 'This account is not a moderator of this channel');
    await recordAction(tx, {
      channelId: channel.id,
      actorUserId: userId,
      action: 'moderator.removed',
      details: { userId: moderatorId, displayName: removed.displayName },
    });
    await events.append(channel.id, 'moderation.changed', { action: 'moderator.removed' }, 'staff');
    await events.append(channel.id, 'access.changed', { reason: 'moderator_removed' }, 'staff');
  });
}
