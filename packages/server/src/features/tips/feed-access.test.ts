import type { TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught } from '../../../test/support/errors';
import { expectError, expectValidation, type RawRequest, send } from '../../../test/support/raw';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { encodeCursor } from './feed-cursor';
import { addTip, type FeedChannel, feedChannel, ids } from './feed-test-kit';
import type { TipRow } from './tip-view';

let server: TestServer;
let channel: FeedChannel;
let other: FeedChannel;
let tip: TipRow;
let otherTip: TipRow;

beforeAll(async () => {
  server = await startTestServer();
  channel = await feedChannel(server);
  other = await feedChannel(server);
  tip = await addTip(server, channel.id, { amount: 500, message: 'mine' });
  otherTip = await addTip(server, other.id, { amount: 900, message: 'theirs' });
});
afterAll(() => server.close());

/** Everything a feed request could write: the tips and the event log, whole. */
async function storedFeed(): Promise<string> {
  const [row] = await server.app.sql<{ digest: string }[]>`
    select (select coalesce(md5(string_agg(t::text, '|' order by t.id)), '') from tips t) ||
      (select count(*)::text from channel_events) as digest`;
  return row?.digest ?? '';
}

/** Sends a raw request as the streamer and asserts it wrote nothing. */
async function sendUntouched(request: Omit<RawRequest, 'token'>, token: string | undefined = channel.ownerToken) {
  const before = await storedFeed();
  const response = await send(server, { ...request, ...(token === undefined ? {} : { token }) });
  expect(await storedFeed(), `${request.method} ${request.path} wrote`).toBe(before);
  return response;
}

const tipsPath = (slug = channel.slug) => `/api/v1/channels/${slug}/tips`;

describe('who may read and mark the tip feed', () => {
  type Who = 'streamer' | 'moderator' | 'events key' | 'moderation key' | 'overlay key' | 'signed-in fan' | 'guest' | 'anonymous';
  const clientOf = (who: Who): TipchatClient => {
    switch (who) {
      case 'streamer':
        return channel.owner;
      case 'moderator':
        return channel.moderator;
      case 'events key':
        return server.client({ token: channel.eventsKey });
      case 'moderation key':
        return server.client({ token: channel.moderationKey });
      case 'overlay key':
        return server.client({ token: channel.overlayKey });
      case 'signed-in fan':
        return channel.fan;
      case 'guest':
        return channel.guest;
      case 'anonymous':
        return server.client();
    }
  };

  it.each<[Who, boolean]>([
    ['streamer', true],
    ['moderator', true],
    ['events key', false],
    ['moderation key', true],
  ])('%s reads the feed; may mark: %s', async (who, marks) => {
    const client = clientOf(who);
    expect(ids((await client.tipFeed.list(channel.slug)).tips)).toContain(tip.id);
    expect((await client.tipFeed.get(channel.slug, tip.id)).id).toBe(tip.id);
    if (marks) {
      expect(await client.tipFeed.mark(channel.slug, tip.id, { starred: true })).toMatchObject({ starred: true });
      await client.tipFeed.markRead(channel.slug, [tip.id]);
      await channel.owner.tipFeed.mark(channel.slug, tip.id, { starred: false, read: false });
    } else {
      const before = await storedFeed();
      expect(await caught(client.tipFeed.mark(channel.slug, tip.id, { starred: true }))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      expect(await caught(client.tipFeed.markRead(channel.slug, [tip.id]))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      expect(await storedFeed()).toBe(before);
    }
  });

  it.each<[Who, string, number]>([
    ['overlay key', 'FORBIDDEN', 403],
    ['signed-in fan', 'FORBIDDEN', 403],
    ['guest', 'FORBIDDEN', 403],
    ['anonymous', 'UNAUTHENTICATED', 401],
  ])('%s: refused everything with %s', async (who, code, status) => {
    const client = clientOf(who);
    const before = await storedFeed();
    for (const call of [
      () => client.tipFeed.list(channel.slug),
      () => client.tipFeed.get(channel.slug, tip.id),
      () => client.tipFeed.mark(channel.slug, tip.id, { hidden: true }),
      () => client.tipFeed.markRead(channel.slug, [tip.id]),
    ]) {
      expect(await caught(call())).toMatchObject({ code, status });
    }
    expect(await storedFeed()).toBe(before);
  });

  it("refuses the streamer of another channel this channel's feed", async () => {
    expect(await caught(other.owner.tipFeed.list(channel.slug))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('refuses a credential that matches nothing, and an unknown channel', async () => {
    expectError(await sendUntouched({ method: 'GET', path: tipsPath() }, 'tck_forged'), 401, 'TOKEN_INVALID');
    expectError(await sendUntouched({ method: 'GET', path: tipsPath('no-such-channel') }), 404, 'NOT_FOUND');
  });
});

describe('the API reference', () => {
  it('documents the feed routes and every filter', async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    expect(Object.keys(spec.paths['/api/v1/channels/{slug}/tips'] ?? {})).toContain('get');
    expect(Object.keys(spec.paths['/api/v1/channels/{slug}/tips/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(spec.paths['/api/v1/channels/{slug}/tips/mark-read'] ?? {})).toEqual(['post']);
    const query = spec.paths['/api/v1/channels/{slug}/tips']?.get?.parameters?.filter((p) => p.in === 'query').map((p) => p.name);
    expect(query?.sort()).toEqual(
      [
        'status',
        'from',
        'to',
        'minAmount',
        'maxAmount',
        'hasMessage',
        'unread',
        'starred',
        'includeHidden',
        'streamId',
        'q',
        'sort',
        'limit',
        'cursor',
      ].sort(),
    );
  });
});

describe('tips of another channel', () => {
  it('are not found through this channel, for reading or marking, and stay as they were', async () => {
    const before = await storedFeed();
    expect(await caught(channel.owner.tipFeed.get(channel.slug, otherTip.id))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await caught(channel.owner.tipFeed.mark(channel.slug, otherTip.id, { read: true }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(channel.owner.tipFeed.markRead(channel.slug, [otherTip.id]))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(channel.owner.tipFeed.get(channel.slug, crypto.randomUUID()))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(channel.owner.tipFeed.mark(channel.slug, crypto.randomUUID(), { read: true }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(ids((await channel.owner.tipFeed.list(channel.slug, { includeHidden: true })).tips)).not.toContain(otherTip.id);
    expect(await storedFeed()).toBe(before);
  });

  it('cannot be marked by the moderator of one channel through the other', async () => {
    expect(await caught(channel.moderator.tipFeed.mark(other.slug, otherTip.id, { hidden: true }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('bad input to the tip feed', () => {
  it.each([
    ['minAmount above maxAmount', 'minAmount=500&maxAmount=100', 'querystring.maxAmount'],
    ['from after to', 'from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z', 'querystring.to'],
    ['year 0000', 'from=0000-01-01T00:00:00Z', 'querystring.from'],
    ['an unknown status', 'status=succeeded,bogus', 'querystring.status.1'],
    ['an empty status list', 'status=,', 'querystring.status'],
    ['an unknown sort', 'sort=random', 'querystring.sort'],
    ['a limit of 0', 'limit=0', 'querystring.limit'],
    ['a limit over 100', 'limit=101', 'querystring.limit'],
    ['a boolean that is not true or false', 'hasMessage=yes', 'querystring.hasMessage'],
    ['a negative amount', 'minAmount=-1', 'querystring.minAmount'],
    ['an amount beyond safe integers', 'maxAmount=1e300', 'querystring.maxAmount'],
    ['an amount that is no number', 'minAmount=ten', 'querystring.minAmount'],
    ['a date that is not ISO', 'from=yesterday', 'querystring.from'],
    ['a stream id that is no uuid', 'streamId=nope', 'querystring.streamId'],
    ['a blank search', 'q=%20%20', 'querystring.q'],
    ['a search over 100 characters', `q=${'x'.repeat(101)}`, 'querystring.q'],
    ['a forged cursor', 'cursor=bm90LWEtY3Vyc29y', 'querystring.cursor'],
    ['an unknown parameter', 'page=2', 'querystring'],
  ])('answers 400 to %s', async (_what, query, path) => {
    expectValidation(await sendUntouched({ method: 'GET', path: `${tipsPath()}?${query}` }), [path]);
  });

  it('says so when a cursor comes from another order', async () => {
    const cursor = encodeCursor({ sort: 'amount_desc', createdAt: '2024-01-01T00:00:00.000000Z', id: tip.id, amount: 500 });
    const response = await sendUntouched({ method: 'GET', path: `${tipsPath()}?sort=newest&cursor=${cursor}` });
    const error = expectError(response, 400, 'VALIDATION_FAILED');
    expect(error.message).toMatch(/"amount_desc" order, not "newest"/);
    expectValidation(response, ['querystring.cursor']);
    // The same cursor in its own order is fine.
    expect(
      (await send(server, { method: 'GET', path: `${tipsPath()}?sort=amount_desc&cursor=${cursor}`, token: channel.ownerToken })).status,
    ).toBe(200);
  });

  it.each<[string, string, unknown, string]>([
    ['no marks', 'PATCH', {}, 'body'],
    ['a mark that is no boolean', 'PATCH', { read: 'yes' }, 'body.read'],
    ['an unknown mark', 'PATCH', { pinned: true }, 'body'],
    ['no ids', 'POST', { ids: [], read: true }, 'body.ids'],
    ['over 100 ids', 'POST', { ids: Array.from({ length: 101 }, () => crypto.randomUUID()), read: true }, 'body.ids'],
    ['an id that is no uuid', 'POST', { ids: ['not-a-uuid'], read: true }, 'body.ids.0'],
    ['no read flag', 'POST', { ids: [crypto.randomUUID()] }, 'body.read'],
  ])('answers 400 to a mark with %s, writing nothing', async (_what, method, json, path) => {
    const target = method === 'PATCH' ? `${tipsPath()}/${tip.id}` : `${tipsPath()}/mark-read`;
    expectValidation(await sendUntouched({ method, path: target, json }), [path]);
  });

  it('answers 400 to a tip id that is no uuid and to a body that is no JSON', async () => {
    expectValidation(await sendUntouched({ method: 'GET', path: `${tipsPath()}/not-a-uuid` }), ['params.id']);
    expectValidation(await sendUntouched({ method: 'PATCH', path: `${tipsPath()}/not-a-uuid`, json: { read: true } }), ['params.id']);
    const broken = await sendUntouched({
      method: 'PATCH',
      path: `${tipsPath()}/${tip.id}`,
      body: '{"read":',
      contentType: 'application/json',
    });
    expectError(broken, 400, 'MALFORMED_JSON');
  });
});
