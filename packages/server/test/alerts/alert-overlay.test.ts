import { type ChannelConnection, ConflictError, type RealtimeOptions, type TipchatClient, type TipchatError } from '@tipchat/sdk';
import type { Alert } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { handshakeGate, record, waitForState } from '../realtime/recorder';
import { closedAfterEach, eventually } from '../support/realtime';
import { useTestServer } from '../support/server';
import { alertChannel, alertEventsAfter, head, payTip, summarize } from './fixtures';

const server = useTestServer({ RELAY_SWEEP_MS: '100' });
const open = closedAfterEach<ChannelConnection>();
let channels = 0;

const fresh = () => alertChannel(server, `alert-overlay-${++channels}`);
const tipIds = (alerts: Alert[]) => alerts.map((alert) => alert.tipId);

function connect(client: TipchatClient, slug: string, options?: RealtimeOptions): ChannelConnection {
  const connection = client.realtime(slug, options);
  open.push(connection);
  return connection;
}

describe('an overlay connection', () => {
  it('receives alert.queued as the alert is queued; a viewer connection does not', async () => {
    const { slug, id, owner, overlay, fan } = await fresh();
    const overlayConnection = connect(overlay, slug);
    expect((await overlayConnection.connect()).role).toBe('overlay');
    const fanConnection = connect(fan, slug);
    expect((await fanConnection.connect()).role).toBe('viewer');
    const [toOverlay, toFan] = [record(overlayConnection), record(fanConnection)];

    const tip = await payTip(server, id, { amount: 1_000, displayName: 'Grace', message: 'for the overlay' });
    const [queued] = (await overlay.alerts.queue(slug)).queued;
    await eventually(() => expect(toOverlay.events.map((event) => [event.type, event.data])).toEqual([['alert.queued', queued]]));
    expect(queued?.tip).toMatchObject({ id: tip.id, displayName: 'Grace', message: 'for the overlay' });

    // A public event after it: once the viewer has that, it has everything it was going to get.
    await owner.channels.update(slug, { displayName: 'Marker' });
    await eventually(() => expect(toFan.types()).toEqual(['channel.updated']));
    await eventually(() => expect(toOverlay.types()).toEqual(['alert.queued', 'channel.updated']));
  });

  it('gets what was queued while its socket was down, exactly once', async () => {
    const { slug, id, overlayKey } = await fresh();
    const gate = handshakeGate(overlayKey);
    const connection = connect(server.client(), slug, {
      token: gate.token,
      socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 50 },
    });
    await connection.connect();
    const seen = record(connection);

    // Drop the transport and hold the reconnect until the tip is in.
    gate.close();
    connection.socket.io.engine.close();
    await waitForState(connection, 'reconnecting');
    await gate.held();
    const tip = await payTip(server, id, { amount: 500 });
    expect(seen.events).toEqual([]);
    gate.release();

    await waitForState(connection, 'connected');
    await eventually(() =>
      expect(seen.events.map((event) => [event.type, event.type === 'alert.queued' && event.data.tipId])).toEqual([
        ['alert.queued', tip.id],
      ]),
    );
    expect(seen.states).toEqual(['reconnecting', 'connected']);
  });

  it('resumes the queue after reconnecting: the queued alerts only, oldest first, replays at the back', async () => {
    const { slug, id, owner, overlay } = await fresh();
    const [first, second, third] = [
      await payTip(server, id, { amount: 100 }),
      await payTip(server, id, { amount: 200 }),
      await payTip(server, id, { amount: 300 }),
    ];
    if (!first || !second || !third) throw new Error('three tips expected');
    const before = connect(overlay, slug);
    await before.connect();
    expect(tipIds((await overlay.alerts.queue(slug)).queued)).toEqual([first.id, second.id, third.id]);
    await overlay.alerts.shown(slug, first.id);
    before.close();

    // While the overlay is away: the dashboard skips one, a tip comes in, the played one is replayed.
    await owner.alerts.skip(slug, second.id);
    const fourth = await payTip(server, id, { amount: 400 });
    await owner.alerts.replay(slug, first.id);

    const after = connect(overlay, slug);
    await after.connect();
    const { settings, queued } = await overlay.alerts.queue(slug);
    expect(settings.paused).toBe(false);
    expect(tipIds(queued)).toEqual([third.id, fourth.id, first.id]);
    expect(queued.map((alert) => [alert.status, alert.replays])).toEqual([
      ['queued', 0],
      ['queued', 0],
      ['queued', 1],
    ]);

    // Playing through it empties it.
    for (const alert of queued) await overlay.alerts.shown(slug, alert.tipId);
    expect((await overlay.alerts.queue(slug)).queued).toEqual([]);
  });
});

describe('concurrent changes to one alert', () => {
  it('acknowledges twice at once with one event', async () => {
    const { slug, id, owner, overlay } = await fresh();
    const tip = await payTip(server, id, { amount: 500 });
    const start = await head(owner, slug);
    const [a, b] = await Promise.all([overlay.alerts.shown(slug, tip.id), overlay.alerts.shown(slug, tip.id)]);
    expect(a).toEqual(b);
    expect(summarize(await alertEventsAfter(owner, slug, start))).toEqual([['alert.shown', tip.id, 'shown']]);
  });

  it('replays twice at once with one replay', async () => {
    const { slug, id, owner, moderator, overlay } = await fresh();
    const tip = await payTip(server, id, { amount: 500 });
    await overlay.alerts.shown(slug, tip.id);
    const start = await head(owner, slug);
    const [a, b] = await Promise.all([owner.alerts.replay(slug, tip.id), moderator.alerts.replay(slug, tip.id)]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 'queued', replays: 1 });
    expect(summarize(await alertEventsAfter(owner, slug, start))).toEqual([['alert.queued', tip.id, 'queued']]);
  });

  it('lets exactly one of a skip and an acknowledgement win, and tells the other', async () => {
    const { slug, id, owner, overlay } = await fresh();
    const tips = [];
    for (let i = 1; i <= 6; i++) tips.push(await payTip(server, id, { amount: 100 * i }));
    const start = await head(owner, slug);

    const outcomes = await Promise.all(
      tips.map(async (tip) => {
        const settled = await Promise.allSettled([overlay.alerts.shown(slug, tip.id), owner.alerts.skip(slug, tip.id)]);
        const [shown, skip] = settled;
        const winner = shown?.status === 'fulfilled' ? 'shown' : 'skipped';
        const loser = (winner === 'shown' ? skip : shown) as PromiseRejectedResult;
        expect(loser.status).toBe('rejected');
        const error = loser.reason as TipchatError;
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.code).toBe(winner === 'shown' ? 'ALERT_ALREADY_SHOWN' : 'ALERT_SKIPPED');
        return [`alert.${winner}`, tip.id, winner] as const;
      }),
    );
    const logged = summarize(await alertEventsAfter(owner, slug, start));
    expect(logged).toHaveLength(tips.length);
    expect(new Set(logged.map((entry) => JSON.stringify(entry)))).toEqual(new Set(outcomes.map((entry) => JSON.stringify(entry))));
    const states = await owner.alerts.list(slug);
    for (const [, tipId, status] of outcomes) expect(states.find((alert) => alert.tipId === tipId)?.status).toBe(status);
  });
});
