import { type AuditLog, auditLogSchema } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import { account, answered, apiKey, appoint, call, channel, type TestChannel, viewer } from './moderation.test-support';

const server = useTestServer();

const read = async (token: string, where: TestChannel, query = ''): Promise<AuditLog> =>
  answered(await call(server, token, 'GET', `/api/v1/channels/${where.slug}/audit-log${query}`), 200, auditLogSchema);

describe('the audit log', () => {
  it('lists every moderation action newest first, naming the actor', async () => {
    const where = await channel(server);
    const mod = await account(server, 'Mo Derator');
    await appoint(server, where, mod);
    const guest = await viewer(server, where.id);
    const banned = await call(server, mod.token, 'POST', `/api/v1/channels/${where.slug}/bans`, {
      viewerId: guest.id,
      reason: 'spam',
      durationSeconds: 60,
    });
    expect(banned.status).toBe(201);
    const blocked = await call(server, mod.token, 'POST', `/api/v1/channels/${where.slug}/blocked-terms`, { term: 'spam' });
    expect(blocked.status).toBe(201);

    const log = await read(mod.token, where);
    expect(log.nextCursor).toBeNull();
    expect(log.entries.map(({ action, actor, targetViewerId }) => ({ action, actor, targetViewerId }))).toEqual([
      { action: 'blocked_term.added', actor: { userId: mod.userId, displayName: 'Mo Derator' }, targetViewerId: null },
      { action: 'viewer.timed_out', actor: { userId: mod.userId, displayName: 'Mo Derator' }, targetViewerId: guest.id },
      { action: 'moderator.added', actor: { userId: where.owner.userId, displayName: where.owner.displayName }, targetViewerId: null },
    ]);
    expect(log.entries[1]?.details).toEqual({ reason: 'spam', durationSeconds: 60 });
    expect(await read(where.owner.token, where)).toEqual(log);
  });

  it('pages backwards with the id cursor', async () => {
    const where = await channel(server);
    for (const term of ['one', 'two', 'three', 'four', 'five']) {
      expect((await call(server, where.owner.token, 'POST', `/api/v1/channels/${where.slug}/blocked-terms`, { term })).status).toBe(201);
    }
    const termOf = (log: AuditLog) => log.entries.map((entry) => entry.details.term);

    const first = await read(where.owner.token, where, '?limit=2');
    expect(termOf(first)).toEqual(['five', 'four']);
    expect(first.nextCursor).toBe(first.entries[1]?.id);
    const second = await read(where.owner.token, where, `?limit=2&before=${first.nextCursor}`);
    expect(termOf(second)).toEqual(['three', 'two']);
    const last = await read(where.owner.token, where, `?limit=2&before=${second.nextCursor}`);
    expect(termOf(last)).toEqual(['one']);
    expect(last.nextCursor).toBeNull();
  });

  it("shows only this channel's actions", async () => {
    const where = await channel(server);
    const elsewhere = await channel(server);
    await call(server, elsewhere.owner.token, 'POST', `/api/v1/channels/${elsewhere.slug}/blocked-terms`, { term: 'theirs' });
    expect(await read(where.owner.token, where)).toEqual({ entries: [], nextCursor: null });
  });

  it('is for the streamer, moderators and moderation keys only', async () => {
    const where = await channel(server);
    const guest = await viewer(server, where.id);
    const other = await account(server);
    const key = await apiKey(server, where.id, where.owner.userId, ['moderation']);
    const readOnly = await apiKey(server, where.id, where.owner.userId, ['events:read']);
    expect(await read(key, where)).toEqual({ entries: [], nextCursor: null });
    const url = `/api/v1/channels/${where.slug}/audit-log`;
    for (const token of [guest.token ?? '', other.token, readOnly]) expectError(await call(server, token, 'GET', url), 403, 'FORBIDDEN');
    expectError(await call(server, undefined, 'GET', url), 401, 'UNAUTHENTICATED');
    expectError(await call(server, where.owner.token, 'GET', '/api/v1/channels/no-such-channel/audit-log'), 404, 'NOT_FOUND');
    expectError(await call(server, where.owner.token, 'GET', `${url}?limit=0`), 400, 'VALIDATION_FAILED');
    expectError(await call(server, where.owner.token, 'GET', `${url}?before=abc`), 400, 'VALIDATION_FAILED');
  });
});
