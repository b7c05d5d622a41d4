import { ConflictError, type TipchatError } from '@tipchat/sdk';
import type { Alert } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { toPublicTip } from '../../src/features/tips/tip-view';
import { caught } from '../support/errors';
import { useTestServer } from '../support/server';
import { alertChannel, alertEventsAfter, head, payTip, reverseTip, summarize } from './fixtures';

const server = useTestServer();
let channels = 0;

const fresh = (currency?: 'USD' | 'INR') => alertChannel(server, `alert-queue-${++channels}`, currency);
const tipIds = (alerts: Alert[]) => alerts.map((alert) => alert.tipId);

describe('queueing the alert of a paid tip', () => {
  it('queues one alert per tip with the public view of the tip, however often the hook runs', async () => {
    const { slug, id, owner } = await fresh();
    const start = await head(owner, slug);
    const tip = await payTip(server, id, { amount: 500, displayName: 'Ada', message: 'great stream' });
    await server.app.eventLog.transaction((tx, events) => server.app.services.alerts.queueForTip(tx, events, tip));

    const { settings, queued } = await owner.alerts.queue(slug);
    expect(settings).toEqual({ minAmount: 0, paused: false });
    expect(queued).toHaveLength(1);
    const [alert] = queued;
    expect(alert).toMatchObject({ tipId: tip.id, status: 'queued', shownAt: null, replays: 0, tip: toPublicTip(tip) });
    expect(alert?.tip).toMatchObject({ displayName: 'Ada', message: 'great stream', amount: 500 });

    const logged = await alertEventsAfter(owner, slug, start);
    expect(logged.map((event) => [event.type, event.data])).toEqual([['alert.queued', alert]]);
  });

  it('hides a held message in the alert as everywhere public', async () => {
    const { slug, id, owner } = await fresh();
    await payTip(server, id, { amount: 500, message: 'a blocked word', messageHeld: true });
    const [alert] = (await owner.alerts.queue(slug)).queued;
    expect(alert?.tip.message).toBeNull();
  });

  it('does not alert tips below the minimum amount, compared in the channel currency only', async () => {
    const { slug, id, owner } = await fresh('INR');
    expect(await owner.alerts.updateSettings(slug, { minAmount: 5_000 })).toEqual({ minAmount: 5_000, paused: false });
    const start = await head(owner, slug);

    await payTip(server, id, { amount: 4_999, currency: 'INR' });
    const atMinimum = await payTip(server, id, { amount: 5_000, currency: 'INR' });
    // 100 in another currency cannot be compared with a minimum in rupees: it is alerted.
    const foreign = await payTip(server, id, { amount: 100, currency: 'USD' });

    expect(tipIds((await owner.alerts.queue(slug)).queued)).toEqual([atMinimum.id, foreign.id]);
    expect(summarize(await alertEventsAfter(owner, slug, start))).toEqual([
      ['alert.queued', atMinimum.id, 'queued'],
      ['alert.queued', foreign.id, 'queued'],
    ]);
  });

  it('keeps filling the queue while paused, and the queue says so', async () => {
    const { slug, id, owner, moderator } = await fresh();
    const start = await head(owner, slug);
    expect(await moderator.alerts.updateSettings(slug, { paused: true })).toEqual({ minAmount: 0, paused: true });
    const first = await payTip(server, id, { amount: 300 });
    const second = await payTip(server, id, { amount: 700 });

    const paused = await owner.alerts.queue(slug);
    expect(paused.settings).toEqual({ minAmount: 0, paused: true });
    expect(tipIds(paused.queued)).toEqual([first.id, second.id]);

    expect(await owner.alerts.updateSettings(slug, { paused: false, minAmount: 250 })).toEqual({ minAmount: 250, paused: false });
    expect((await owner.alerts.queue(slug)).settings).toEqual({ minAmount: 250, paused: false });
    const logged = await alertEventsAfter(owner, slug, start);
    expect(logged.map((event) => [event.type, event.type === 'alert.queued' ? event.data.tipId : event.data])).toEqual([
      ['alert.settings_updated', { minAmount: 0, paused: true }],
      ['alert.queued', first.id],
      ['alert.queued', second.id],
      ['alert.settings_updated', { minAmount: 250, paused: false }],
    ]);
  });
});

describe('shown, skip and replay', () => {
  it('moves an alert through its states, announcing each change once', async () => {
    const { slug, id, owner, overlay } = await fresh();
    const tip = await payTip(server, id, { amount: 500 });
    const other = await payTip(server, id, { amount: 800 });
    const start = await head(owner, slug);

    const shown = await overlay.alerts.shown(slug, tip.id);
    expect(shown).toMatchObject({ tipId: tip.id, status: 'shown', replays: 0 });
    expect(shown.shownAt).not.toBeNull();
    // A retried acknowledgement answers the same and announces nothing.
    expect(await overlay.alerts.shown(slug, tip.id)).toEqual(shown);

    const tooLate = await caught(owner.alerts.skip(slug, tip.id));
    expect(tooLate).toBeInstanceOf(ConflictError);
    expect(tooLate).toMatchObject({ code: 'ALERT_ALREADY_SHOWN', status: 409, details: { status: 'shown' } });

    const replayed = await owner.alerts.replay(slug, tip.id);
    expect(replayed).toMatchObject({ tipId: tip.id, status: 'queued', shownAt: null, replays: 1 });
    expect(Date.parse(replayed.queuedAt)).toBeGreaterThan(Date.parse(shown.queuedAt));
    // At the back of the queue, behind the tip that was waiting.
    expect(tipIds((await overlay.alerts.queue(slug)).queued)).toEqual([other.id, tip.id]);
    // Replaying what is already queued leaves it where it is.
    expect(await owner.alerts.replay(slug, tip.id)).toEqual(replayed);

    const skipped = await owner.alerts.skip(slug, tip.id);
    expect(skipped).toMatchObject({ tipId: tip.id, status: 'skipped', replays: 1 });
    expect(await owner.alerts.skip(slug, tip.id)).toEqual(skipped);

    const dropped = await caught(overlay.alerts.shown(slug, tip.id));
    expect(dropped).toBeInstanceOf(ConflictError);
    expect(dropped).toMatchObject({ code: 'ALERT_SKIPPED', status: 409, details: { status: 'skipped' } });

    expect(await owner.alerts.replay(slug, tip.id)).toMatchObject({ status: 'queued', replays: 2 });
    expect(tipIds((await overlay.alerts.queue(slug)).queued)).toEqual([other.id, tip.id]);

    const logged = await alertEventsAfter(owner, slug, start);
    expect(summarize(logged)).toEqual([
      ['alert.shown', tip.id, 'shown'],
      ['alert.queued', tip.id, 'queued'],
      ['alert.skipped', tip.id, 'skipped'],
      ['alert.queued', tip.id, 'queued'],
    ]);
    expect(logged.map((event) => event.data)).toEqual([shown, replayed, skipped, expect.objectContaining({ replays: 2 })]);
  });

  it('lets moderators and moderation API keys skip and replay', async () => {
    const { slug, id, moderator, moderationKey } = await fresh();
    const tip = await payTip(server, id, { amount: 500 });
    expect(await moderator.alerts.skip(slug, tip.id)).toMatchObject({ status: 'skipped' });
    expect(await moderationKey.alerts.replay(slug, tip.id)).toMatchObject({ status: 'queued', replays: 1 });
    expect(await moderationKey.alerts.skip(slug, tip.id)).toMatchObject({ status: 'skipped' });
    expect(await moderator.alerts.replay(slug, tip.id)).toMatchObject({ status: 'queued', replays: 2 });
  });
});

describe('a refunded or disputed tip', () => {
  it('skips its queued alert, announces it, and refuses to replay it', async () => {
    const { slug, id, owner, overlay } = await fresh();
    const tip = await payTip(server, id, { amount: 500 });
    const start = await head(owner, slug);
    const refunded = await reverseTip(server, tip);

    expect((await overlay.alerts.queue(slug)).queued).toEqual([]);
    const logged = await alertEventsAfter(owner, slug, start);
    expect(summarize(logged)).toEqual([['alert.skipped', tip.id, 'skipped']]);
    expect(logged[0]?.data).toMatchObject({ tip: { status: 'refunded' } });

    const error: TipchatError = await caught(owner.alerts.replay(slug, tip.id));
    expect(error).toMatchObject({ code: 'ALERT_TIP_REVERSED', status: 409 });
    expect(await caught(overlay.alerts.shown(slug, refunded.id))).toMatchObject({ code: 'ALERT_SKIPPED' });
  });

  it('leaves an alert that was already shown as it was', async () => {
    const { slug, id, owner, overlay } = await fresh();
    const tip = await payTip(server, id, { amount: 500 });
    await overlay.alerts.shown(slug, tip.id);
    const start = await head(owner, slug);
    await reverseTip(server, tip, 'dispute_lost');
    expect(await alertEventsAfter(owner, slug, start)).toEqual([]);
    expect(await owner.alerts.list(slug)).toMatchObject([{ tipId: tip.id, status: 'shown', tip: { status: 'dispute_lost' } }]);
    expect(await caught(owner.alerts.replay(slug, tip.id))).toMatchObject({ code: 'ALERT_TIP_REVERSED' });
  });
});

describe('the history', () => {
  it('lists recently changed alerts newest first, by status and up to a limit', async () => {
    const { slug, id, owner, moderator, reader, overlay } = await fresh();
    const [a, b, c] = [
      await payTip(server, id, { amount: 100 }),
      await payTip(server, id, { amount: 200 }),
      await payTip(server, id, { amount: 300 }),
    ];
    if (!a || !b || !c) throw new Error('three tips expected');
    await overlay.alerts.shown(slug, a.id);
    await owner.alerts.skip(slug, b.id);

    expect(tipIds(await owner.alerts.list(slug))).toEqual([b.id, a.id, c.id]);
    expect(tipIds(await moderator.alerts.list(slug, { status: 'queued' }))).toEqual([c.id]);
    expect(await reader.alerts.list(slug, { status: 'shown' })).toMatchObject([{ tipId: a.id, status: 'shown' }]);
    expect(tipIds(await owner.alerts.list(slug, { limit: 2 }))).toEqual([b.id, a.id]);
    await owner.alerts.replay(slug, a.id);
    expect(tipIds(await owner.alerts.list(slug, { limit: 1 }))).toEqual([a.id]);
  });
});
