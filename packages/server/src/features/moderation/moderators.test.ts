import { moderatorListSchema, moderatorSchema } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/support/server';
import {
  account,
  apiKey,
  appoint,
  auditRows,
  call,
  channel,
  eventsAfter,
  headSeq,
  refusedWithoutWrites,
  type TestChannel,
  viewer,
} from './moderation.test-support';

const server = useTestServer();

const path = (where: TestChannel, rest = '') => `/api/v1/channels/${where.slug}/moderators${rest}`;

describe('appointing moderators', () => {
  it('appoints an account by email, lists it, and records the action', async () => {
    const where = await channel(server);
    const mod = await account(server, 'Mia Mod');
    const seq = await headSeq(server, where.id);

    const response = await call(server, where.owner.token, 'POST', path(where), { email: mod.email.toUpperCase() });
    expect(response.status).toBe(201);
    const created = moderatorSchema.parse(response.body);
    expect(created).toMatchObject({ userId: mod.userId, displayName: 'Mia Mod', email: mod.email });

    const list = await call(server, where.owner.token, 'GET', path(where));
    expect(moderatorListSchema.parse(list.body)).toEqual({ moderators: [created] });
    const rows = await server.app.sql`select user_id, added_by from moderators where channel_id = ${where.id}`;
    expect(rows).toEqual([{ userId: mod.userId, addedBy: where.owner.userId }]);
    expect(await auditRows(server, where.id)).toEqual([
      {
        action: 'moderator.added',
        actorUserId: where.owner.userId,
        targetViewerId: null,
        details: { userId: mod.userId, displayName: 'Mia Mod' },
      },
    ]);
    expect(await eventsAfter(server, where.id, seq)).toEqual([
      { type: 'moderation.changed', data: { action: 'moderator.added' }, visibility: 'staff' },
    ]);
  });

  it('refuses an unknown email, a restricted account, an existing moderator and the streamer, storing nothing', async () => {
    const where = await channel(server);
    const mod = await account(server);
    await appoint(server, where, mod);
    const restricted = await account(server);
    await server.app.sql`update users set status = 'restricted' where id = ${restricted.userId}`;

    const owner = where.owner.token;
    await refusedWithoutWrites(server, owner, 'POST', path(where), { email: 'nobody-here@example.test' }, 404, 'NOT_FOUND');
    await refusedWithoutWrites(server, owner, 'POST', path(where), { email: restricted.email }, 404, 'NOT_FOUND');
    await refusedWithoutWrites(server, owner, 'POST', path(where), { email: mod.email }, 409, 'ALREADY_MODERATOR');
    await refusedWithoutWrites(server, owner, 'POST', path(where), { email: where.owner.email }, 400, 'BAD_REQUEST');
    await refusedWithoutWrites(server, owner, 'POST', path(where), { email: 'not-an-email' }, 400, 'VALIDATION_FAILED');
    await refusedWithoutWrites(server, owner, 'POST', path(where), { email: mod.email, role: 'admin' }, 400, 'VALIDATION_FAILED');
  });

  it('is for the streamer alone: moderators, API keys, viewers, other accounts and anonymous callers are refused', async () => {
    const where = await channel(server);
    const mod = await account(server);
    await appoint(server, where, mod);
    const candidate = await account(server);
    const other = await account(server);
    const guest = await viewer(server, where.id);
    const key = await apiKey(server, where.id, where.owner.userId, ['moderation']);
    const body = { email: candidate.email };

    for (const token of [mod.token, key, other.token, guest.token ?? '']) {
      await refusedWithoutWrites(server, token, 'POST', path(where), body, 403, 'FORBIDDEN');
      await refusedWithoutWrites(server, token, 'GET', path(where), undefined, 403, 'FORBIDDEN');
      await refusedWithoutWrites(server, token, 'DELETE', path(where, `/${mod.userId}`), undefined, 403, 'FORBIDDEN');
    }
    await refusedWithoutWrites(server, undefined, 'POST', path(where), body, 401, 'UNAUTHENTICATED');
    await refusedWithoutWrites(server, undefined, 'GET', path(where), undefined, 401, 'UNAUTHENTICATED');
    await refusedWithoutWrites(server, where.owner.token, 'POST', '/api/v1/channels/no-such-channel/moderators', body, 404, 'NOT_FOUND');
  });

  it("does not let one streamer appoint moderators in another streamer's channel", async () => {
    const mine = await channel(server);
    const theirs = await channel(server);
    const candidate = await account(server);
    await refusedWithoutWrites(server, mine.owner.token, 'POST', path(theirs), { email: candidate.email }, 403, 'FORBIDDEN');
  });
});

describe('what a moderator may do', () => {
  it('lets a moderator ban, list bans, manage blocked terms and read the audit log — but not appoint moderators', async () => {
    const where = await channel(server);
    const mod = await account(server);
    await appoint(server, where, mod);
    const target = await viewer(server, where.id);

    const banned = await call(server, mod.token, 'POST', `/api/v1/channels/${where.slug}/bans`, { viewerId: target.id, reason: 'spam' });
    expect(banned.status).toBe(201);
    expect((await call(server, mod.token, 'GET', `/api/v1/channels/${where.slug}/bans`)).status).toBe(200);
    expect((await call(server, mod.token, 'POST', `/api/v1/channels/${where.slug}/blocked-terms`, { term: 'spam' })).status).toBe(201);
    expect((await call(server, mod.token, 'GET', `/api/v1/channels/${where.slug}/audit-log`)).status).toBe(200);
    const candidate = await account(server);
    await refusedWithoutWrites(server, mod.token, 'POST', path(where), { email: candidate.email }, 403, 'FORBIDDEN');
  });

  it('moderates only the channels it was appointed to', async () => {
    const where = await channel(server);
    const elsewhere = await channel(server);
    const mod = await account(server);
    await appoint(server, where, mod);
    const target = await viewer(server, elsewhere.id);
    await refusedWithoutWrites(
      server,
      mod.token,
      'POST',
      `/api/v1/channels/${elsewhere.slug}/bans`,
      { viewerId: target.id },
      403,
      'FORBIDDEN',
    );
  });
});

describe('removing moderators', () => {
  it('removes a moderator, records it, and the account loses its powers at once', async () => {
    const where = await channel(server);
    const mod = await account(server, 'Max Mod');
    await appoint(server, where, mod);
    const seq = await headSeq(server, where.id);

    const response = await call(server, where.owner.token, 'DELETE', path(where, `/${mod.userId}`));
    expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: { ok: true } });
    expect(await server.app.sql`select 1 from moderators where channel_id = ${where.id}`).toHaveLength(0);
    expect((await auditRows(server, where.id)).at(-1)).toEqual({
      action: 'moderator.removed',
      actorUserId: where.owner.userId,
      targetViewerId: null,
      details: { userId: mod.userId, displayName: 'Max Mod' },
    });
    expect(await eventsAfter(server, where.id, seq)).toEqual([
      { type: 'moderation.changed', data: { action: 'moderator.removed' }, visibility: 'staff' },
      { type: 'access.changed', data: { reason: 'moderator_removed' }, visibility: 'staff' },
    ]);

    const target = await viewer(server, where.id);
    await refusedWithoutWrites(server, mod.token, 'POST', `/api/v1/channels/${where.slug}/bans`, { viewerId: target.id }, 403, 'FORBIDDEN');
  });

  it('answers 404 for an account that is not a moderator, and 400 for an id that is not one', async () => {
    const where = await channel(server);
    const stranger = await account(server);
    await refusedWithoutWrites(server, where.owner.token, 'DELETE', path(where, `/${stranger.userId}`), undefined, 404, 'NOT_FOUND');
    await refusedWithoutWrites(server, where.owner.token, 'DELETE', path(where, '/not-a-uuid'), undefined, 400, 'VALIDATION_FAILED');
  });
});

describe('the API reference', () => {
  it('documents every moderation route with a summary, a tag and the bearer scheme', async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string; tags?: string[]; security?: unknown[] }>>;
    };
    const expected: Record<string, string[]> = {
      '/api/v1/channels/{slug}/moderators': ['get', 'post'],
      '/api/v1/channels/{slug}/moderators/{userId}': ['delete'],
      '/api/v1/channels/{slug}/bans': ['get', 'post'],
      '/api/v1/channels/{slug}/bans/{id}': ['delete'],
      '/api/v1/channels/{slug}/blocked-terms': ['get', 'post'],
      '/api/v1/channels/{slug}/blocked-terms/{id}': ['delete'],
      '/api/v1/channels/{slug}/audit-log': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const operation = spec.paths[path]?.[method];
        expect(operation?.summary, `${method} ${path}`).toMatch(/\w{3}/);
        expect(operation?.tags).toEqual(['moderation']);
        expect(operation?.security).toEqual([{ bearerAuth: [] }]);
      }
    }
  });
});
