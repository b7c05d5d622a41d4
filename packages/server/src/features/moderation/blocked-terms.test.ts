import { type BlockedTerm, blockedTermListSchema, blockedTermSchema } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/support/server';
import { MAX_BLOCKED_TERMS } from './blocked-terms';
import { findBlockedTerm } from './checks';
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
  refusedWithoutWrites,
  type TestChannel,
  viewer,
} from './moderation.test-support';

const server = useTestServer();

const terms = (where: TestChannel, rest = '') => `/api/v1/channels/${where.slug}/blocked-terms${rest}`;

const block = async (token: string, where: TestChannel, body: object): Promise<BlockedTerm> =>
  answered(await call(server, token, 'POST', terms(where), body), 201, blockedTermSchema);
const listed = async (where: TestChannel): Promise<BlockedTerm[]> =>
  answered(await call(server, where.owner.token, 'GET', terms(where)), 200, blockedTermListSchema).terms;

describe('adding blocked terms', () => {
  it('blocks a word: stored, listed newest first, audited, announced to staff, and applied to the next message', async () => {
    const where = await channel(server);
    const seq = await headSeq(server, where.id);
    expect(await findBlockedTerm(server.app.sql, where.id, 'you are b a d')).toBeNull();

    const first = await block(where.owner.token, where, { term: '  bad  ' });
    const second = await block(where.owner.token, where, { term: 'spam*', kind: 'pattern' });
    expect(first).toMatchObject({ term: 'bad', kind: 'word' });
    expect(second).toMatchObject({ term: 'spam*', kind: 'pattern' });
    expect(await listed(where)).toEqual([second, first]);

    const rows = await server.app.sql`select term, kind, created_by from blocked_terms where channel_id = ${where.id} order by created_at`;
    expect(rows).toEqual([
      { term: 'bad', kind: 'word', createdBy: where.owner.userId },
      { term: 'spam*', kind: 'pattern', createdBy: where.owner.userId },
    ]);
    expect(await auditRows(server, where.id)).toEqual([
      {
        action: 'blocked_term.added',
        actorUserId: where.owner.userId,
        targetViewerId: null,
        details: { termId: first.id, term: 'bad', kind: 'word' },
      },
      {
        action: 'blocked_term.added',
        actorUserId: where.owner.userId,
        targetViewerId: null,
        details: { termId: second.id, term: 'spam*', kind: 'pattern' },
      },
    ]);
    expect(await eventsAfter(server, where.id, seq)).toEqual([
      { type: 'moderation.changed', data: { action: 'blocked_term.added' }, visibility: 'staff' },
      { type: 'moderation.changed', data: { action: 'blocked_term.added' }, visibility: 'staff' },
    ]);

    expect(await findBlockedTerm(server.app.sql, where.id, 'you are b a d')).toBe('bad');
    expect(await findBlockedTerm(server.app.sql, where.id, 'B\u200BÄ\u0110')).toBe('bad');
    expect(await findBlockedTerm(server.app.sql, where.id, 'b\u200B4d!')).toBe('bad');
    expect(await findBlockedTerm(server.app.sql, where.id, 'total SPAMMER here')).toBe('spam*');
    expect(await findBlockedTerm(server.app.sql, where.id, 'badminton is a nice sport')).toBeNull();
  });

  it('keeps terms per channel', async () => {
    const where = await channel(server);
    const elsewhere = await channel(server);
    await block(where.owner.token, where, { term: 'bad' });
    expect(await findBlockedTerm(server.app.sql, elsewhere.id, 'bad')).toBeNull();
    expect(await listed(elsewhere)).toEqual([]);
  });

  it('refuses a duplicate after folding case, diacritics, look-alikes and kind', async () => {
    const where = await channel(server);
    await block(where.owner.token, where, { term: 'bad' });
    await block(where.owner.token, where, { term: 'spam*', kind: 'pattern' });
    for (const body of [
      { term: 'bad' },
      { term: 'BAD' },
      { term: 'bäd' },
      { term: 'b\u0430d' },
      { term: 'bad', kind: 'pattern' },
      { term: 'SPAM**', kind: 'pattern' },
    ]) {
      await refusedWithoutWrites(server, where.owner.token, 'POST', terms(where), body, 409, 'BLOCKED_TERM_EXISTS');
    }
    // Not duplicates: a different word, and the word "spam" next to the pattern "spam*".
    await block(where.owner.token, where, { term: 'bat' });
    await block(where.owner.token, where, { term: 'spam' });
  });

  it.each([
    ['a pattern of only *', { term: '***', kind: 'pattern' }],
    ['a word of only punctuation', { term: '...' }],
    ['an empty term', { term: '   ' }],
    ['a 101-character term', { term: 'x'.repeat(101) }],
    ['a term with control characters', { term: 'bad\u0007' }],
    ['an unknown kind', { term: 'bad', kind: 'regex' }],
    ['an unknown field', { term: 'bad', caseSensitive: true }],
    // Regression: "привет" used to fold to its Latin-looking letters only ("p e") and block "pe".
    ['a Cyrillic word the matcher cannot fold', { term: 'привет' }],
    ['a Devanagari word', { term: 'नमस्ते' }],
  ])('refuses %s with VALIDATION_FAILED, nothing stored', async (_what, body) => {
    const where = await channel(server);
    await refusedWithoutWrites(server, where.owner.token, 'POST', terms(where), body, 400, 'VALIDATION_FAILED');
  });

  it(`caps a channel at ${MAX_BLOCKED_TERMS} terms`, async () => {
    const where = await channel(server);
    const filler = Array.from({ length: MAX_BLOCKED_TERMS - 1 }, (_, i) => ({
      channel_id: where.id,
      term: `filler${i.toString(36)}x`,
      kind: 'word',
      created_by: where.owner.userId,
    }));
    await server.app.sql`insert into blocked_terms ${server.app.sql(filler)}`;
    await block(where.owner.token, where, { term: 'last one' });
    const refused = await refusedWithoutWrites(
      server,
      where.owner.token,
      'POST',
      terms(where),
      { term: 'one too many' },
      409,
      'BLOCKED_TERM_LIMIT',
    );
    expect(refused.text).toContain(String(MAX_BLOCKED_TERMS));
  });
});

describe('removing blocked terms', () => {
  it('unblocks a term: gone, audited, announced, no longer matched', async () => {
    const where = await channel(server);
    const mod = await account(server);
    await appoint(server, where, mod);
    const term = await block(mod.token, where, { term: 'bad' });
    const seq = await headSeq(server, where.id);

    const response = await call(server, mod.token, 'DELETE', terms(where, `/${term.id}`));
    expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: { ok: true } });
    expect(await listed(where)).toEqual([]);
    expect(await findBlockedTerm(server.app.sql, where.id, 'bad')).toBeNull();
    expect((await auditRows(server, where.id)).at(-1)).toEqual({
      action: 'blocked_term.removed',
      actorUserId: mod.userId,
      targetViewerId: null,
      details: { termId: term.id, term: 'bad', kind: 'word' },
    });
    expect(await eventsAfter(server, where.id, seq)).toEqual([
      { type: 'moderation.changed', data: { action: 'blocked_term.removed' }, visibility: 'staff' },
    ]);
  });

  it('answers 404 for a term already removed, unknown, or of another channel', async () => {
    const where = await channel(server);
    const elsewhere = await channel(server);
    const term = await block(where.owner.token, where, { term: 'bad' });
    await refusedWithoutWrites(
      server,
      elsewhere.owner.token,
      'DELETE',
      `/api/v1/channels/${elsewhere.slug}/blocked-terms/${term.id}`,
      undefined,
      404,
      'NOT_FOUND',
    );
    expect((await call(server, where.owner.token, 'DELETE', terms(where, `/${term.id}`))).status).toBe(200);
    await refusedWithoutWrites(server, where.owner.token, 'DELETE', terms(where, `/${term.id}`), undefined, 404, 'NOT_FOUND');
  });
});

describe('who may manage blocked terms', () => {
  it('lets moderators and moderation-scoped API keys in', async () => {
    const where = await channel(server);
    const mod = await account(server);
    await appoint(server, where, mod);
    const key = await apiKey(server, where.id, where.owner.userId, ['moderation']);
    await block(mod.token, where, { term: 'one' });
    await block(key, where, { term: 'two' });
    expect((await call(server, key, 'GET', terms(where))).status).toBe(200);
  });

  it('refuses viewers, other accounts, unscoped keys and anonymous callers, storing nothing', async () => {
    const where = await channel(server);
    const term = await block(where.owner.token, where, { term: 'bad' });
    const guest = await viewer(server, where.id);
    const other = await account(server);
    const key = await apiKey(server, where.id, where.owner.userId, ['events:read']);
    for (const token of [guest.token ?? '', other.token, key]) {
      await refusedWithoutWrites(server, token, 'GET', terms(where), undefined, 403, 'FORBIDDEN');
      await refusedWithoutWrites(server, token, 'POST', terms(where), { term: 'worse' }, 403, 'FORBIDDEN');
      await refusedWithoutWrites(server, token, 'DELETE', terms(where, `/${term.id}`), undefined, 403, 'FORBIDDEN');
    }
    await refusedWithoutWrites(server, undefined, 'POST', terms(where), { term: 'worse' }, 401, 'UNAUTHENTICATED');
    await refusedWithoutWrites(server, undefined, 'DELETE', terms(where, `/${term.id}`), undefined, 401, 'UNAUTHENTICATED');
    await refusedWithoutWrites(
      server,
      where.owner.token,
      'GET',
      '/api/v1/channels/no-such-channel/blocked-terms',
      undefined,
      404,
      'NOT_FOUND',
    );
  });
});
