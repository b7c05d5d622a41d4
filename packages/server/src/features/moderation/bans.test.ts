import { type Ban, banListSchema, banSchema } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/support/server';
import { activeBan } from './checks';
import {
  account,
  answered,
  apiKey,
  appoint,
  auditRows,
  call,
  channel,
  eventsAfter,
  headSeq,
  message,
  refusedWithoutWrites,
  type TestChannel,
  viewer,
} from './moderation.test-support';

const server = useTestServer();

const bans = (where: TestChannel, rest = '') => `/api/v1/channels/${where.slug}/bans${rest}`;

const ban = async (token: string, where: TestChannel, body: object): Promise<Ban> =>
  answered(await call(server, token, 'POST', bans(where), body), 201, banSchema);
const listed = async (where: TestChannel): Promise<Ban[]> =>
  answered(await call(server, where.owner.token, 'GET', bans(where)), 200, banListSchema).bans;

interface BanRow {
  viewerId: string;
  userId: string | null;
  deviceHash: string | null;
  reason: string;
  expiresAt: Date | null;
  createdBy: string;
  liftedAt: Date | null;
  liftedBy: string | null;
}

async function banRows(channelId: string): Promise<BanRow[]> {
  return server.app.sql<BanRow[]>`
    select viewer_id, user_id, device_hash, reason, expires_at, created_by, lifted_at, lifted_by
    from bans where channel_id = ${channelId} order by created_at, id`;
}

describe('banning', () => {
  it('bans a guest for good: stores the ban, lists it, audits it and tells everyone', async () => {
    const where = await channel(server);
    const guest = await viewer(server, where.id, { displayName: 'Spammy' });
    const seq = await headSeq(server, where.id);

    const created = await ban(where.owner.token, where, { viewerId: guest.id, reason: 'spam links' });
    expect(created).toMatchObject({
      viewerId: guest.id,
      displayName: 'Spammy',
      reason: 'spam links',
      expiresAt: null,
      createdBy: where.owner.userId,
    });

    expect(await banRows(where.id)).toEqual([
      {
        viewerId: guest.id,
        userId: null,
        deviceHash: guest.deviceHash,
        reason: 'spam links',
        expiresAt: null,
        createdBy: where.owner.userId,
        liftedAt: null,
        liftedBy: null,
      },
    ]);
    expect(await listed(where)).toEqual([created]);
    expect(await auditRows(server, where.id)).toEqual([
      {
        action: 'viewer.banned',
        actorUserId: where.owner.userId,
        targetViewerId: guest.id,
        details: { reason: 'spam links', durationSeconds: null },
      },
    ]);
    expect(await eventsAfter(server, where.id, seq)).toEqual([
      { type: 'viewer.banned', data: { viewerId: guest.id, displayName: 'Spammy', expiresAt: null }, visibility: 'public' },
    ]);
  });

  it('follows the banned guest to new identities from the same device, and not to other devices', async () => {
    const where = await channel(server);
    const guest = await viewer(server, where.id);
    const created = await ban(where.owner.token, where, { viewerId: guest.id });

    expect(await activeBan(server.app.sql, where.id, { viewerId: guest.id })).toEqual({ id: created.id, reason: '', expiresAt: null });
    expect(await activeBan(server.app.sql, where.id, { deviceHash: guest.deviceHash })).toMatchObject({ id: created.id });
    const fresh = await viewer(server, where.id);
    expect(await activeBan(server.app.sql, where.id, { viewerId: fresh.id, deviceHash: fresh.deviceHash })).toBeNull();
    expect(await activeBan(server.app.sql, where.id, {})).toBeNull();
  });

  it('bans a signed-in viewer by account too, and only in this channel', async () => {
    const where = await channel(server);
    const elsewhere = await channel(server);
    const person = await account(server, 'Signed In');
    const identity = await viewer(server, where.id, { userId: person.userId, displayName: 'Signed In' });

    const created = await ban(where.owner.token, where, { viewerId: identity.id, reason: 'rude' });
    expect((await banRows(where.id))[0]).toMatchObject({ viewerId: identity.id, userId: person.userId, deviceHash: identity.deviceHash });
    expect(await activeBan(server.app.sql, where.id, { userId: person.userId })).toMatchObject({ id: created.id, reason: 'rude' });
    expect(await activeBan(server.app.sql, elsewhere.id, { userId: person.userId, deviceHash: identity.deviceHash })).toBeNull();
  });

  it('times a viewer out until now + durationSeconds, audited as a time-out', async () => {
    const where = await channel(server);
    const guest = await viewer(server, where.id, { displayName: 'Hothead' });
    const seq = await headSeq(server, where.id);

    const created = await ban(where.owner.token, where, { viewerId: guest.id, reason: 'cool off', durationSeconds: 600 });
    const [row] = await server.app.sql<{ seconds: number }[]>`
      select extract(epoch from expires_at - created_at)::int as seconds from bans where id = ${created.id}`;
    expect(row?.seconds).toBe(600);
    expect(created.expiresAt).not.toBeNull();
    expect(await auditRows(server, where.id)).toEqual([
      {
        action: 'viewer.timed_out',
        actorUserId: where.owner.userId,
        targetViewerId: guest.id,
        details: { reason: 'cool off', durationSeconds: 600 },
      },
    ]);
    expect(await eventsAfter(server, where.id, seq)).toEqual([
      { type: 'viewer.banned', data: { viewerId: guest.id, displayName: 'Hothead', expiresAt: created.expiresAt }, visibility: 'public' },
    ]);
    expect(await activeBan(server.app.sql, where.id, { viewerId: guest.id })).toEqual({
      id: created.id,
      reason: 'cool off',
      expiresAt: new Date(created.expiresAt ?? ''),
    });
  });

  it('lets a time-out run out: no longer in force, listed or liftable', async () => {
    const where = await channel(server);
    const guest = await viewer(server, where.id);
    const created = await ban(where.owner.token, where, { viewerId: guest.id, durationSeconds: 10 });
    expect(await activeBan(server.app.sql, where.id, { viewerId: guest.id })).not.toBeNull();

    await server.app.sql`update bans set expires_at = now() - interval '1 second' where id = ${created.id}`;
    expect(await activeBan(server.app.sql, where.id, { viewerId: guest.id, deviceHash: guest.deviceHash })).toBeNull();
    expect(await listed(where)).toEqual([]);
    await refusedWithoutWrites(server, where.owner.token, 'DELETE', bans(where, `/${created.id}`), undefined, 404, 'NOT_FOUND');
  });

  it('prefers a permanent ban over a time-out when several apply', async () => {
    const where = await channel(server);
    const first = await viewer(server, where.id);
    const second = await viewer(server, where.id, { deviceHash: first.deviceHash });
    await ban(where.owner.token, where, { viewerId: first.id, durationSeconds: 3_600 });
    const permanent = await ban(where.owner.token, where, { viewerId: second.id, reason: 'ban evasion' });
    await ban(where.owner.token, where, {
      viewerId: (await viewer(server, where.id, { deviceHash: first.deviceHash })).id,
      durationSeconds: 60,
    });

    expect(await activeBan(server.app.sql, where.id, { viewerId: first.id, deviceHash: first.deviceHash })).toEqual({
      id: permanent.id,
      reason: 'ban evasion',
      expiresAt: null,
    });
  });

  it('replaces a ban already in force: the old one is lifted, one stays', async () => {
    const where = await channel(server);
    const mod = await account(server);
    await appoint(server, where, mod);
    const guest = await viewer(server, where.id);
    const old = await ban(where.owner.token, where, { viewerId: guest.id, reason: 'first' });
    const replacement = await ban(mod.token, where, { viewerId: guest.id, reason: 'second', durationSeconds: 300 });

    const rows = await banRows(where.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ reason: 'first', liftedBy: mod.userId });
    expect(rows[0]?.liftedAt).toBeInstanceOf(Date);
    expect(rows[1]).toMatchObject({ reason: 'second', liftedAt: null, createdBy: mod.userId });
    expect(await listed(where)).toEqual([replacement]);
    expect(await activeBan(server.app.sql, where.id, { viewerId: guest.id })).toMatchObject({ id: replacement.id });
    expect(old.id).not.toBe(replacement.id);
  });

  it("removes the viewer's messages of the last hour when asked, and unpins one of them", async () => {
    const where = await channel(server);
    const guest = await viewer(server, where.id);
    const bystander = await viewer(server, where.id);
    const recent = [await message(server, where.id, guest.id, 50), await message(server, where.id, guest.id, 1)];
    const old = await message(server, where.id, guest.id, 90);
    const theirs = await message(server, where.id, bystander.id, 1);
    await server.app.sql`insert into chat_settings (channel_id, pinned_message_id) values (${where.id}, ${recent[1] ?? null})`;
    const seq = await headSeq(server, where.id);

    await ban(where.owner.token, where, { viewerId: guest.id, deleteRecentMessages: true });

    const rows = await server.app.sql<{ id: string; deletedBy: string | null }[]>`
      select id, deleted_by from chat_messages where channel_id = ${where.id} and deleted_at is not null`;
    expect(rows.map((row) => row.id).sort()).toEqual([...recent].sort());
    expect(rows.every((row) => row.deletedBy === where.owner.userId)).toBe(true);
    expect(
      await server.app.sql`select 1 from chat_messages where id in ${server.app.sql([old, theirs])} and deleted_at is null`,
    ).toHaveLength(2);
    const [settings] = await server.app.sql<
      { pinnedMessageId: string | null }[]
    >`select pinned_message_id from chat_settings where channel_id = ${where.id}`;
    expect(settings?.pinnedMessageId).toBeNull();

    const events = await eventsAfter(server, where.id, seq);
    expect(events.map((event) => event.type)).toEqual(['viewer.banned', 'chat.messages_removed', 'chat.unpinned']);
    const removed = events[1]?.data as { viewerId: string; messageIds: string[] };
    expect({ ...removed, messageIds: [...removed.messageIds].sort() }).toEqual({ viewerId: guest.id, messageIds: [...recent].sort() });
    expect(events[1]?.visibility).toBe('public');
    expect(events[2]?.data).toEqual({ messageId: recent[1] });
    expect((await auditRows(server, where.id))[0]?.details).toEqual({ reason: '', durationSeconds: null, removedMessages: 2 });
  });

  it('keeps messages unless asked, and announces no removal when there was nothing to remove', async () => {
    const where = await channel(server);
    const guest = await viewer(server, where.id);
    const quiet = await viewer(server, where.id);
    await message(server, where.id, guest.id, 1);
    const seq = await headSeq(server, where.id);

    await ban(where.owner.token, where, { viewerId: guest.id });
    await ban(where.owner.token, where, { viewerId: quiet.id, deleteRecentMessages: true });
    expect(await server.app.sql`select 1 from chat_messages where channel_id = ${where.id} and deleted_at is not null`).toHaveLength(0);
    expect((await eventsAfter(server, where.id, seq)).map((event) => event.type)).toEqual(['viewer.banned', 'viewer.banned']);
  });

  it('acts for the creator of an API key with the moderation scope', async () => {
    const where = await channel(server);
    const key = await apiKey(server, where.id, where.owner.userId, ['moderation']);
    const guest = await viewer(server, where.id);
    const created = await ban(key, where, { viewerId: guest.id });
    expect(created.createdBy).toBe(where.owner.userId);
    expect((await auditRows(server, where.id))[0]?.actorUserId).toBe(where.owner.userId);
  });

  it('does not record the device when the streamer or a moderator chats from it, so they are not locked out', async () => {
    const where = await channel(server);
    const streamerIdentity = await viewer(server, where.id, { userId: where.owner.userId });
    const guestOnStreamerDevice = await viewer(server, where.id, { deviceHash: streamerIdentity.deviceHash });
    await ban(where.owner.token, where, { viewerId: guestOnStreamerDevice.id });
    expect((await banRows(where.id))[0]?.deviceHash).toBeNull();
    expect(await activeBan(server.app.sql, where.id, { userId: where.owner.userId, deviceHash: streamerIdentity.deviceHash })).toBeNull();
    expect(await activeBan(server.app.sql, where.id, { viewerId: guestOnStreamerDevice.id })).not.toBeNull();
  });
});

describe('refusing bans', () => {
  it('refuses to ban the streamer or a moderator, and a moderator another moderator — nothing stored', async () => {
    const where = await channel(server);
    const mod = await account(server);
    const otherMod = await account(server);
    await appoint(server, where, mod);
    await appoint(server, where, otherMod);
    const streamerIdentity = await viewer(server, where.id, { userId: where.owner.userId });
    const otherModIdentity = await viewer(server, where.id, { userId: otherMod.userId });

    await refusedWithoutWrites(server, where.owner.token, 'POST', bans(where), { viewerId: streamerIdentity.id }, 403, 'FORBIDDEN');
    await refusedWithoutWrites(server, mod.token, 'POST', bans(where), { viewerId: streamerIdentity.id }, 403, 'FORBIDDEN');
    await refusedWithoutWrites(server, where.owner.token, 'POST', bans(where), { viewerId: otherModIdentity.id }, 403, 'FORBIDDEN');
    const refused = await refusedWithoutWrites(server, mod.token, 'POST', bans(where), { viewerId: otherModIdentity.id }, 403, 'FORBIDDEN');
    expect(refused.text).toContain('Moderators cannot ban other moderators');
  });

  it('answers 404 for a viewer of another channel or none at all', async () => {
    const where = await channel(server);
    const elsewhere = await channel(server);
    const stranger = await viewer(server, elsewhere.id);
    await refusedWithoutWrites(server, where.owner.token, 'POST', bans(where), { viewerId: stranger.id }, 404, 'NOT_FOUND');
    await refusedWithoutWrites(
      server,
      where.owner.token,
      'POST',
      bans(where),
      { viewerId: '00000000-0000-4000-8000-000000000000' },
      404,
      'NOT_FOUND',
    );
  });

  it('refuses viewers, other streamers, keys without the moderation scope and anonymous callers', async () => {
    const where = await channel(server);
    const target = await viewer(server, where.id);
    const guest = await viewer(server, where.id);
    const other = await account(server);
    const signedInViewer = await account(server);
    await viewer(server, where.id, { userId: signedInViewer.userId });
    const readOnlyKey = await apiKey(server, where.id, where.owner.userId, ['events:read']);
    const body = { viewerId: target.id };

    for (const token of [guest.token ?? '', other.token, signedInViewer.token, readOnlyKey]) {
      await refusedWithoutWrites(server, token, 'POST', bans(where), body, 403, 'FORBIDDEN');
      await refusedWithoutWrites(server, token, 'GET', bans(where), undefined, 403, 'FORBIDDEN');
    }
    await refusedWithoutWrites(server, undefined, 'POST', bans(where), body, 401, 'UNAUTHENTICATED');
    await refusedWithoutWrites(server, undefined, 'GET', bans(where), undefined, 401, 'UNAUTHENTICATED');
    await refusedWithoutWrites(server, where.owner.token, 'POST', '/api/v1/channels/no-such-channel/bans', body, 404, 'NOT_FOUND');
    await refusedWithoutWrites(server, 'tcg_forged-guest-token', 'POST', bans(where), body, 401, 'TOKEN_INVALID');
  });

  it.each([
    ['a time-out under 10 seconds', { durationSeconds: 5 }, 'body.durationSeconds'],
    ['a time-out over 30 days', { durationSeconds: 30 * 86_400 + 1 }, 'body.durationSeconds'],
    ['a fractional duration', { durationSeconds: 60.5 }, 'body.durationSeconds'],
    ['a 201-character reason', { reason: 'x'.repeat(201) }, 'body.reason'],
    ['a reason with control characters', { reason: 'bad\u0000reason' }, 'body.reason'],
    ['a viewer id that is not a uuid', { viewerId: 'nope' }, 'body.viewerId'],
    ['an unknown field', { permanent: true }, 'body'],
  ])('refuses %s with VALIDATION_FAILED, nothing stored', async (_what, fields, path) => {
    const where = await channel(server);
    const target = await viewer(server, where.id);
    const response = await refusedWithoutWrites(
      server,
      where.owner.token,
      'POST',
      bans(where),
      { viewerId: target.id, ...fields },
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(response.body)).toContain(path);
  });
});

describe('unbanning', () => {
  it('lifts a ban: stored, audited, announced, and no longer in force', async () => {
    const where = await channel(server);
    const mod = await account(server);
    await appoint(server, where, mod);
    const guest = await viewer(server, where.id);
    const created = await ban(where.owner.token, where, { viewerId: guest.id });
    const seq = await headSeq(server, where.id);

    const response = await call(server, mod.token, 'DELETE', bans(where, `/${created.id}`));
    expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: { ok: true } });
    expect((await banRows(where.id))[0]).toMatchObject({ liftedBy: mod.userId });
    expect(await activeBan(server.app.sql, where.id, { viewerId: guest.id, deviceHash: guest.deviceHash })).toBeNull();
    expect(await listed(where)).toEqual([]);
    expect((await auditRows(server, where.id)).at(-1)).toEqual({
      action: 'viewer.unbanned',
      actorUserId: mod.userId,
      targetViewerId: guest.id,
      details: { banId: created.id },
    });
    expect(await eventsAfter(server, where.id, seq)).toEqual([
      { type: 'viewer.unbanned', data: { viewerId: guest.id }, visibility: 'public' },
    ]);
  });

  it('answers 404 for a ban already lifted, unknown, or of another channel', async () => {
    const where = await channel(server);
    const elsewhere = await channel(server);
    const guest = await viewer(server, where.id);
    const created = await ban(where.owner.token, where, { viewerId: guest.id });
    await refusedWithoutWrites(
      server,
      elsewhere.owner.token,
      'DELETE',
      `/api/v1/channels/${elsewhere.slug}/bans/${created.id}`,
      undefined,
      404,
      'NOT_FOUND',
    );
    expect((await call(server, where.owner.token, 'DELETE', bans(where, `/${created.id}`))).status).toBe(200);
    await refusedWithoutWrites(server, where.owner.token, 'DELETE', bans(where, `/${created.id}`), undefined, 404, 'NOT_FOUND');
    await refusedWithoutWrites(
      server,
      where.owner.token,
      'DELETE',
      bans(where, '/00000000-0000-4000-8000-000000000000'),
      undefined,
      404,
      'NOT_FOUND',
    );
    await refusedWithoutWrites(server, where.owner.token, 'DELETE', bans(where, '/not-a-uuid'), undefined, 400, 'VALIDATION_FAILED');
  });

  it('refuses viewers and anonymous callers', async () => {
    const where = await channel(server);
    const guest = await viewer(server, where.id);
    const target = await viewer(server, where.id);
    const created = await ban(where.owner.token, where, { viewerId: target.id });
    await refusedWithoutWrites(server, guest.token ?? '', 'DELETE', bans(where, `/${created.id}`), undefined, 403, 'FORBIDDEN');
    await refusedWithoutWrites(server, undefined, 'DELETE', bans(where, `/${created.id}`), undefined, 401, 'UNAUTHENTICATED');
  });
});
