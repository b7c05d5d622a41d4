import { randomUUID } from 'node:crypto';
import { AuthenticationError, NotFoundError, PermissionError, type TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught } from '../support/errors';
import { expectError, expectValidation, send } from '../support/raw';
import { startTestServer, type TestServer } from '../support/server';
import { insertTipRow } from '../support/tip-rows';
import { type AlertChannel, alertChannel, payTip } from './fixtures';

let server: TestServer;
let here: AlertChannel;
let there: AlertChannel;
let ownerToken: string;

beforeAll(async () => {
  server = await startTestServer();
  here = await alertChannel(server, 'alert-access-here');
  there = await alertChannel(server, 'alert-access-there');
  const token = here.owner.tokens?.accessToken;
  if (!token) throw new Error('the owner has no session');
  ownerToken = token;
});
afterAll(() => server.close());

/** Everything an alert call could change for a channel: its alerts, its settings and its event log. */
async function alertState(channelId: string): Promise<unknown> {
  const sql = server.app.sql;
  return {
    alerts: await sql`select * from alerts where channel_id = ${channelId} order by tip_id`,
    settings: await sql`select * from alert_settings where channel_id = ${channelId}`,
    head: (await sql`select last_event_seq from channels where id = ${channelId}`)[0],
  };
}

/** Runs a call that must be refused and checks that it changed nothing in either channel. */
async function refusedWithoutChange(call: () => Promise<unknown>) {
  const before = [await alertState(here.id), await alertState(there.id)];
  const error = await caught(call());
  expect([await alertState(here.id), await alertState(there.id)]).toEqual(before);
  return error;
}

type Caller = keyof Pick<AlertChannel, 'owner' | 'moderator' | 'overlay' | 'reader' | 'moderationKey' | 'fan' | 'guest'>;
const EVERYONE: Caller[] = ['owner', 'moderator', 'overlay', 'reader', 'moderationKey', 'fan', 'guest'];

/** Who may do what: anyone else with a credential of the channel is refused with 403. */
const ALLOWED: Record<string, Caller[]> = {
  queue: ['owner', 'moderator', 'overlay', 'reader', 'moderationKey'],
  list: ['owner', 'moderator', 'reader', 'moderationKey'],
  shown: ['owner', 'moderator', 'overlay', 'moderationKey'],
  skip: ['owner', 'moderator', 'moderationKey'],
  replay: ['owner', 'moderator', 'moderationKey'],
  updateSettings: ['owner', 'moderator', 'moderationKey'],
};

function perform(client: TipchatClient, action: string, tipId: string): Promise<unknown> {
  const { slug } = here;
  switch (action) {
    case 'queue':
      return client.alerts.queue(slug);
    case 'list':
      return client.alerts.list(slug);
    case 'shown':
      return client.alerts.shown(slug, tipId);
    case 'skip':
      return client.alerts.skip(slug, tipId);
    case 'replay':
      return client.alerts.replay(slug, tipId);
    default:
      return client.alerts.updateSettings(slug, { paused: true });
  }
}

describe('who may touch alerts', () => {
  it('refuses everyone outside each action’s roles, changing nothing', async () => {
    const queued = await payTip(server, here.id, { amount: 500 });
    for (const [action, allowed] of Object.entries(ALLOWED)) {
      for (const caller of EVERYONE.filter((c) => !allowed.includes(c))) {
        const error = await refusedWithoutChange(() => perform(here[caller], action, queued.id));
        expect(error, `${caller} ${action}`).toBeInstanceOf(PermissionError);
        expect(error.code).toBe('FORBIDDEN');
      }
    }
  });

  it('asks anonymous callers to sign in, changing nothing', async () => {
    const queued = await payTip(server, here.id, { amount: 500 });
    const base = `/api/v1/channels/${here.slug}/alerts`;
    const before = await alertState(here.id);
    for (const request of [
      { method: 'GET', path: `${base}/queue` },
      { method: 'GET', path: base },
      { method: 'POST', path: `${base}/${queued.id}/shown` },
      { method: 'POST', path: `${base}/${queued.id}/skip` },
      { method: 'POST', path: `${base}/${queued.id}/replay` },
      { method: 'PATCH', path: `${base}/settings`, json: { paused: true } },
    ]) {
      expectError(await send(server, request), 401, 'UNAUTHENTICATED');
    }
    expect(await alertState(here.id)).toEqual(before);
  });

  it('lets each allowed role do it', async () => {
    for (const caller of ALLOWED.queue ?? []) expect((await here[caller].alerts.queue(here.slug)).settings).toBeDefined();
    for (const caller of ALLOWED.list ?? []) expect(Array.isArray(await here[caller].alerts.list(here.slug))).toBe(true);
    for (const caller of ALLOWED.shown ?? []) {
      const tip = await payTip(server, here.id, { amount: 500 });
      expect(await here[caller].alerts.shown(here.slug, tip.id), caller).toMatchObject({ status: 'shown' });
    }
    for (const caller of ALLOWED.skip ?? []) {
      const tip = await payTip(server, here.id, { amount: 500 });
      expect(await here[caller].alerts.skip(here.slug, tip.id), caller).toMatchObject({ status: 'skipped' });
      expect(await here[caller].alerts.replay(here.slug, tip.id), caller).toMatchObject({ status: 'queued' });
      expect(await here[caller].alerts.updateSettings(here.slug, { minAmount: 1 }), caller).toEqual({ minAmount: 1, paused: false });
    }
  });

  it("refuses another channel's overlay key", async () => {
    const error = await refusedWithoutChange(() => there.overlay.alerts.queue(here.slug));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('TOKEN_INVALID');
  });
});

describe('alerts that are not there', () => {
  it('answers 404 for an unknown tip, a tip of another channel and a tip without an alert', async () => {
    const elsewhere = await payTip(server, there.id, { amount: 500 });
    // A tip of this channel that was never paid has no alert.
    const unpaid = await insertTipRow(server.app.sql, { channelId: here.id, amount: 500, status: 'pending' });
    for (const tipId of [randomUUID(), elsewhere.id, unpaid.id]) {
      for (const call of [
        () => here.overlay.alerts.shown(here.slug, tipId),
        () => here.owner.alerts.skip(here.slug, tipId),
        () => here.owner.alerts.replay(here.slug, tipId),
      ]) {
        const error = await refusedWithoutChange(call);
        expect(error, tipId).toBeInstanceOf(NotFoundError);
        expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
      }
    }
    expect((await there.owner.alerts.queue(there.slug)).queued.map((alert) => alert.tipId)).toContain(elsewhere.id);
  });

  it('answers 404 for an unknown channel', async () => {
    const error = await caught(here.owner.alerts.queue('no-such-channel'));
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

describe('bad input', () => {
  const base = '/api/v1/channels/alert-access-here/alerts';

  it('refuses malformed ids and queries in the standard shape', async () => {
    const before = await alertState(here.id);
    for (const action of ['shown', 'skip', 'replay']) {
      expectValidation(await send(server, { method: 'POST', path: `${base}/not-a-uuid/${action}`, token: ownerToken }), ['params.tipId']);
    }
    for (const [query, path] of [
      ['status=played', 'querystring.status'],
      ['limit=0', 'querystring.limit'],
      ['limit=101', 'querystring.limit'],
      ['limit=ten', 'querystring.limit'],
      ['limit=1.5', 'querystring.limit'],
    ] as const) {
      expectValidation(await send(server, { method: 'GET', path: `${base}?${query}`, token: ownerToken }), [path]);
    }
    expectError(await send(server, { method: 'GET', path: `${base}?sort=amount`, token: ownerToken }), 400, 'VALIDATION_FAILED');
    expectError(
      await send(server, { method: 'GET', path: '/api/v1/channels/not%20a%20slug/alerts/queue', token: ownerToken }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await alertState(here.id)).toEqual(before);
  });

  it('refuses bad settings changes and stores nothing', async () => {
    const before = await alertState(here.id);
    const patch = (json: unknown) => send(server, { method: 'PATCH', path: `${base}/settings`, token: ownerToken, json });
    expectError(await patch({}), 400, 'VALIDATION_FAILED');
    expectValidation(await patch({ minAmount: -1 }), ['body.minAmount']);
    expectValidation(await patch({ minAmount: 2.5 }), ['body.minAmount']);
    expectValidation(await patch({ minAmount: '500' }), ['body.minAmount']);
    expectValidation(await patch({ minAmount: 1e13 }), ['body.minAmount']);
    expectValidation(await patch({ paused: 'yes' }), ['body.paused']);
    expectValidation(await patch({ paused: true, volume: 11 }), ['body'], 'volume');
    expectError(await patch(null), 400, 'VALIDATION_FAILED');
    const malformed = await send(server, {
      method: 'PATCH',
      path: `${base}/settings`,
      token: ownerToken,
      body: '{"paused": tru',
      contentType: 'application/json',
    });
    expectError(malformed, 400, 'MALFORMED_JSON');
    expectError(
      await send(server, { method: 'PATCH', path: `${base}/settings`, token: ownerToken, body: 'paused=true', contentType: 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await alertState(here.id)).toEqual(before);
  });
});
