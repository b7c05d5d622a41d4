import { NotFoundError, PermissionError } from '@tipchat/sdk';
import { goalResponseSchema, goalSchema } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { signUpVerified, uniqueEmail } from '../../../test/support/accounts';
import { caught } from '../../../test/support/errors';
import { expectError, expectValidation, send } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';
import {
  type GoalChannel,
  goalChannel,
  goalsIn,
  lastSeq,
  leaderboardsIn,
  NO_LEADERBOARD_SWEEP,
  paidTip,
  publicEvents,
  tipsChanged,
} from './goals.test-support';

const server = useTestServer(NO_LEADERBOARD_SWEEP);

const HOUR = 60 * 60 * 1000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs);

/** Every goal row of the channel, oldest first, as stored. */
async function goalRows(channelId: string) {
  return server.app.sql<{ title: string; endedAt: Date | null }[]>`
    select title, ended_at from goals where channel_id = ${channelId} order by created_at, id`;
}

describe('the channel goal', () => {
  it('is null until the streamer sets one, for anyone who asks', async () => {
    const channel = await goalChannel(server);
    expect(await server.client().goals.get(channel.slug)).toBeNull();
  });

  it('is set by the streamer in the channel currency, starting now, and announced to everyone', async () => {
    const channel = await goalChannel(server, 'INR');
    const before = await lastSeq(server, channel.slug);
    const goal = await channel.owner.goals.set(channel.slug, { title: '  New microphone ', target: 500_000 });
    expect(goalSchema.parse(goal)).toEqual({
      id: expect.any(String),
      title: 'New microphone',
      target: 500_000,
      currency: 'INR',
      progress: 0,
      tipCount: 0,
      startsAt: expect.any(String),
      deadline: null,
      reached: false,
    });
    expect(Math.abs(Date.parse(goal.startsAt) - Date.now())).toBeLessThan(60_000);
    expect(await server.client().goals.get(channel.slug)).toEqual(goal);
    const events = await publicEvents(server, channel.slug, before);
    expect(events.map((event) => event.type)).toEqual(['goal.updated']);
    expect(goalsIn(events)).toEqual([goal]);
  });

  it('counts paid tips in its currency from its start up to its deadline, refunds and disputes deducted', async () => {
    const channel = await goalChannel(server, 'USD');
    const startsAt = at(-2 * HOUR);
    const deadline = at(HOUR);
    const goal = await channel.owner.goals.set(channel.slug, {
      title: 'Stream marathon',
      target: 10_000,
      startsAt: startsAt.toISOString(),
      deadline: deadline.toISOString(),
    });
    expect(goal).toMatchObject({ startsAt: startsAt.toISOString(), deadline: deadline.toISOString(), progress: 0 });

    // Counted: 1_000 at the very start, 3_000 - 500 refunded, 2_000 - 2_000 disputed (no money, no tip), 1_500 at the deadline.
    await paidTip(server, channel.id, { amount: 1_000, paidAt: startsAt });
    await paidTip(server, channel.id, { amount: 3_000, refundedAmount: 500, status: 'partially_refunded', paidAt: at(-HOUR) });
    await paidTip(server, channel.id, { amount: 2_000, disputedAmount: 2_000, paidAt: at(-HOUR) });
    await paidTip(server, channel.id, { amount: 1_500, paidAt: deadline });
    // Not counted: before the start, after the deadline, another currency, never paid, fully refunded.
    await paidTip(server, channel.id, { amount: 9_000, paidAt: new Date(startsAt.getTime() - 1) });
    await paidTip(server, channel.id, { amount: 9_000, paidAt: new Date(deadline.getTime() + 1) });
    await paidTip(server, channel.id, { amount: 9_000, currency: 'EUR', paidAt: at(-HOUR) });
    await paidTip(server, channel.id, { amount: 9_000, status: 'pending' });
    await paidTip(server, channel.id, { amount: 9_000, status: 'failed' });
    await paidTip(server, channel.id, { amount: 9_000, refundedAmount: 9_000, status: 'refunded', paidAt: at(-HOUR) });

    const expected = { ...goal, progress: 1_000 + 2_500 + 1_500, tipCount: 3, reached: false };
    expect(await server.client().goals.get(channel.slug)).toEqual(expected);

    const before = await lastSeq(server, channel.slug);
    await tipsChanged(server, channel.id);
    const pushed = await publicEvents(server, channel.slug, before);
    expect(pushed.map((event) => event.type)).toEqual(['goal.updated', 'leaderboard.updated']);
    expect(goalsIn(pushed)).toEqual([expected]);
  });

  it('is reached once progress meets the target, and stays reached until refunds take it back under', async () => {
    const channel = await goalChannel(server);
    await channel.owner.goals.set(channel.slug, { title: 'Ten dollars', target: 1_000, startsAt: at(-HOUR).toISOString() });
    const tip = await paidTip(server, channel.id, { amount: 600, paidAt: at(-1_000) });
    await paidTip(server, channel.id, { amount: 399, paidAt: at(-1_000) });
    expect(await server.client().goals.get(channel.slug)).toMatchObject({ progress: 999, reached: false });

    await paidTip(server, channel.id, { amount: 1, paidAt: at(-1_000) });
    expect(await server.client().goals.get(channel.slug)).toMatchObject({ progress: 1_000, reached: true });

    await server.app.sql`update tips set refunded_amount = 100, status = 'partially_refunded' where id = ${tip.id}`;
    const before = await lastSeq(server, channel.slug);
    await tipsChanged(server, channel.id);
    expect(goalsIn(await publicEvents(server, channel.slug, before))).toEqual([
      expect.objectContaining({ progress: 900, tipCount: 3, reached: false }),
    ]);
  });

  it('is replaced by a new one that starts over, the old one kept as history', async () => {
    const channel = await goalChannel(server);
    const first = await channel.owner.goals.set(channel.slug, { title: 'First', target: 5_000, startsAt: at(-HOUR).toISOString() });
    await paidTip(server, channel.id, { amount: 700, paidAt: at(-1_000) });
    expect(await server.client().goals.get(channel.slug)).toMatchObject({ id: first.id, progress: 700 });

    const before = await lastSeq(server, channel.slug);
    const second = await channel.owner.goals.set(channel.slug, { title: 'Second', target: 8_000 });
    expect(second).toMatchObject({ title: 'Second', target: 8_000, progress: 0, tipCount: 0 });
    expect(second.id).not.toBe(first.id);
    expect(await server.client().goals.get(channel.slug)).toEqual(second);
    expect(goalsIn(await publicEvents(server, channel.slug, before))).toEqual([second]);

    const rows = await goalRows(channel.id);
    expect(rows.map((row) => [row.title, row.endedAt === null])).toEqual([
      ['First', false],
      ['Second', true],
    ]);
  });

  it('keeps one active goal when the streamer sets several at once', async () => {
    const channel = await goalChannel(server);
    const set = await Promise.all(['A', 'B', 'C', 'D'].map((title) => channel.owner.goals.set(channel.slug, { title, target: 1_000 })));
    const active = (await goalRows(channel.id)).filter((row) => row.endedAt === null);
    expect(active).toHaveLength(1);
    expect(set.map((goal) => goal.title)).toContain(active[0]?.title);
    expect((await server.client().goals.get(channel.slug))?.title).toBe(active[0]?.title);
  });

  it('is removed by the streamer: null for everyone, announced, and tips no longer push it', async () => {
    const channel = await goalChannel(server);
    await channel.owner.goals.set(channel.slug, { title: 'Gone soon', target: 1_000 });
    const before = await lastSeq(server, channel.slug);
    await channel.owner.goals.remove(channel.slug);
    expect(await server.client().goals.get(channel.slug)).toBeNull();
    expect(goalsIn(await publicEvents(server, channel.slug, before))).toEqual([null]);
    expect((await goalRows(channel.id)).every((row) => row.endedAt !== null)).toBe(true);

    const afterRemoval = await lastSeq(server, channel.slug);
    await tipsChanged(server, channel.id);
    const pushed = await publicEvents(server, channel.slug, afterRemoval);
    expect(pushed.map((event) => event.type)).toEqual(['leaderboard.updated']);
    expect(leaderboardsIn(pushed)).toHaveLength(1);

    const again = await caught(channel.owner.goals.remove(channel.slug));
    expect(again).toBeInstanceOf(NotFoundError);
    expect(again.code).toBe('NOT_FOUND');
  });

  it('keeps counting in its own currency after the channel changes currency', async () => {
    const channel = await goalChannel(server, 'USD');
    await channel.owner.goals.set(channel.slug, { title: 'Dollars', target: 1_000, startsAt: at(-HOUR).toISOString() });
    await channel.owner.channels.update(channel.slug, { currency: 'EUR' });
    await paidTip(server, channel.id, { amount: 300, currency: 'USD', paidAt: at(-1_000) });
    await paidTip(server, channel.id, { amount: 500, currency: 'EUR', paidAt: at(-1_000) });
    expect(await server.client().goals.get(channel.slug)).toMatchObject({ currency: 'USD', progress: 300 });
    expect(await channel.owner.goals.set(channel.slug, { title: 'Euros', target: 1_000 })).toMatchObject({ currency: 'EUR' });
  });
});

describe('who may change the goal', () => {
  /** Runs `action` and asserts that the channel's goals and event log are as they were. */
  async function withoutChanges<T>(channel: GoalChannel, action: () => Promise<T>): Promise<T> {
    const before = { rows: await goalRows(channel.id), seq: await lastSeq(server, channel.slug) };
    const outcome = await action();
    expect({ rows: await goalRows(channel.id), seq: await lastSeq(server, channel.slug) }).toEqual(before);
    return outcome;
  }

  it('refuses moderators, viewers, guests, API keys and other streamers with 403', async () => {
    const channel = await goalChannel(server);
    await channel.owner.goals.set(channel.slug, { title: 'Mine', target: 1_000 });

    const moderatorEmail = uniqueEmail('moderator');
    const moderator = server.client();
    await signUpVerified(moderator, { email: moderatorEmail });
    await channel.owner.moderation.addModerator(channel.slug, moderatorEmail);
    const guest = server.client();
    await guest.chat.join(channel.slug, { displayName: 'Guest' });
    const viewer = server.client();
    await signUpVerified(viewer);
    const apiKey = await channel.owner.keys.createApiKey(channel.slug, { name: 'bot', scopes: ['events:read', 'moderation'] });
    const otherStreamer = (await goalChannel(server)).owner;

    for (const client of [moderator, guest, viewer, server.client({ token: apiKey.key }), otherStreamer]) {
      for (const attempt of [
        () => client.goals.set(channel.slug, { title: 'Theirs', target: 1 }),
        () => client.goals.remove(channel.slug),
      ]) {
        const error = await withoutChanges(channel, () => caught(attempt()));
        expect(error).toBeInstanceOf(PermissionError);
        expect(error.code).toBe('FORBIDDEN');
      }
    }
    expect((await server.client().goals.get(channel.slug))?.title).toBe('Mine');
  });

  it('asks anonymous callers to sign in (401) and changes nothing', async () => {
    const channel = await goalChannel(server);
    for (const request of [
      { method: 'PUT', path: `/api/v1/channels/${channel.slug}/goal`, json: { title: 'Nope', target: 1 } },
      { method: 'DELETE', path: `/api/v1/channels/${channel.slug}/goal` },
    ]) {
      expectError(await withoutChanges(channel, () => send(server, request)), 401, 'UNAUTHENTICATED');
    }
  });
});

describe('bad goal input', () => {
  it('answers 400 in the standard shape and stores nothing', async () => {
    const channel = await goalChannel(server);
    const token = channel.owner.tokens?.accessToken;
    const path = `/api/v1/channels/${channel.slug}/goal`;
    const cases: Array<[unknown, string]> = [
      [{ target: 1_000 }, 'body.title'],
      [{ title: '   ', target: 1_000 }, 'body.title'],
      [{ title: 'x'.repeat(81), target: 1_000 }, 'body.title'],
      [{ title: 'Goal' }, 'body.target'],
      [{ title: 'Goal', target: 0 }, 'body.target'],
      [{ title: 'Goal', target: -5 }, 'body.target'],
      [{ title: 'Goal', target: 10.5 }, 'body.target'],
      [{ title: 'Goal', target: '1000' }, 'body.target'],
      [{ title: 'Goal', target: 1_000, deadline: 'tomorrow' }, 'body.deadline'],
      [{ title: 'Goal', target: 1_000, startsAt: '2025-13-01T00:00:00Z' }, 'body.startsAt'],
      [{ title: 'Goal', target: 1_000, progress: 999 }, 'body'],
      // Checked after parsing: the deadline must come after the start, and must not have passed.
      [{ title: 'Goal', target: 1_000, startsAt: at(2 * HOUR).toISOString(), deadline: at(HOUR).toISOString() }, 'body.deadline'],
      [{ title: 'Goal', target: 1_000, startsAt: at(HOUR).toISOString(), deadline: at(HOUR).toISOString() }, 'body.deadline'],
      [{ title: 'Goal', target: 1_000, deadline: at(-HOUR).toISOString() }, 'body.deadline'],
      [{ title: 'Goal', target: 1_000, startsAt: at(-3 * HOUR).toISOString(), deadline: at(-HOUR).toISOString() }, 'body.deadline'],
    ];
    const before = { rows: await goalRows(channel.id), seq: await lastSeq(server, channel.slug) };
    for (const [json, field] of cases) expectValidation(await send(server, { method: 'PUT', path, token, json }), [field]);
    expectError(
      await send(server, { method: 'PUT', path, token, body: 'title=x', contentType: 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(
      await send(server, { method: 'PUT', path, token, body: '{"title":', contentType: 'application/json' }),
      400,
      'MALFORMED_JSON',
    );
    expect({ rows: await goalRows(channel.id), seq: await lastSeq(server, channel.slug) }).toEqual(before);
  });

  it('answers 404 for a channel that does not exist and 400 for a slug that cannot', async () => {
    const error = await caught(server.client().goals.get('no-such-channel'));
    expect(error).toBeInstanceOf(NotFoundError);
    expectValidation(await send(server, { method: 'GET', path: '/api/v1/channels/not%20a%20slug/goal' }), ['params.slug']);
  });

  it('answers GET with the documented shape', async () => {
    const channel = await goalChannel(server);
    const response = await send(server, { method: 'GET', path: `/api/v1/channels/${channel.slug}/goal` });
    expect(response.status).toBe(200);
    expect(goalResponseSchema.parse(response.body)).toEqual({ goal: null });
  });
});
