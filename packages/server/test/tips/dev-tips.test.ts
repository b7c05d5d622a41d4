import { type ChannelConnection, ConflictError } from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { caught } from '../support/errors';
import { closedAfterEach, eventually } from '../support/realtime';
import { useTestServer } from '../support/server';
import { channelMoney, expectLedgerBalanced, recordedOverlay, tipChannel, tipPostings } from '../support/tips';

// 2.5 % + 30 cents on USD tips: the fee has both parts.
const server = useTestServer({
  RELAY_SWEEP_MS: '100',
  PLATFORM_FEE_BPS: '250',
  PLATFORM_FEE_FIXED: 'USD:30',
  DEV_PAYMENT_DELAY_MS: '50',
});
const open = closedAfterEach<ChannelConnection>();

describe('tipping through the dev provider', () => {
  it('shows the fee before paying, then a paid tip reaches chat, the overlay and the ledger', async () => {
    const channel = await tipChannel(server);
    const seen = await recordedOverlay(server, channel, open);
    const viewer = server.client();

    const options = await viewer.tips.options(channel.slug, 1_000);
    expect(options).toMatchObject({ currency: 'USD', providers: ['dev'], fee: { basisPoints: 250, fixed: 30 } });
    expect(options.quote).toEqual({ amount: 1_000, fee: 55, net: 945 });

    const started = await viewer.tips.create(channel.slug, {
      amount: 1_000,
      currency: 'USD',
      displayName: 'Alice',
      message: 'great stream!',
    });
    expect(started).toMatchObject({
      tip: { status: 'pending', amount: 1_000, currency: 'USD', displayName: 'Alice', message: 'great stream!', paidAt: null },
      provider: 'dev',
      fee: { amount: 1_000, fee: 55, net: 945 },
      next: { type: 'dev_checkout' },
    });
    const paid = await viewer.tips.devCheckout(started.tip.id, 'succeed');
    expect(paid.tip.status).toBe('succeeded');
    expect(paid.next).toBeNull();

    // $10 is the fourth default tier (10 × the $1 minimum): yellow, pinned for 5 minutes.
    await eventually(() =>
      expect(seen.types()).toEqual(expect.arrayContaining(['chat.message', 'tip.succeeded', 'tip.updated', 'alert.queued'])),
    );
    expect(seen.events.filter((e) => e.type === 'alert.queued').map((e) => e.data)).toEqual([
      expect.objectContaining({
        tipId: started.tip.id,
        status: 'queued',
        tip: expect.objectContaining({ amount: 1_000, message: 'great stream!' }),
      }),
    ]);
    expect((await server.client({ token: channel.overlayKey }).alerts.queue(channel.slug)).queued.map((a) => a.tipId)).toEqual([
      started.tip.id,
    ]);
    const chat = seen.events.find((e) => e.type === 'chat.message');
    expect(chat?.data).toMatchObject({
      text: 'great stream!',
      author: { viewerId: null, displayName: 'Alice', kind: 'guest', role: 'viewer' },
      tip: { id: started.tip.id, amount: 1_000, currency: 'USD', color: '#ffb300' },
    });
    const history = await viewer.chat.history(channel.slug);
    expect(history.messages.map((m) => m.tip?.id)).toEqual([started.tip.id]);

    expect(await channelMoney(server, channel.id, 'USD')).toEqual({ pending: 945, available: 0, inTransit: 0, paidOut: 0 });
    expect(await tipPostings(server, started.tip.id)).toEqual({ tip_paid: 1 });
    await expectLedgerBalanced(server);
  });

  it('a declined checkout fails the tip without money; paying again later succeeds once', async () => {
    const channel = await tipChannel(server);
    const viewer = server.client();
    const { tip } = await viewer.tips.create(channel.slug, { amount: 500, currency: 'USD', displayName: 'Bob' });
    const declined = await viewer.tips.devCheckout(tip.id, 'decline');
    expect(declined).toMatchObject({
      tip: { status: 'failed' },
      failureReason: 'Declined on the dev checkout',
      next: { type: 'dev_checkout' },
    });
    expect(await tipPostings(server, tip.id)).toEqual({});

    await viewer.tips.devCheckout(tip.id, 'succeed');
    const again = await caught(viewer.tips.devCheckout(tip.id, 'succeed'));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.code).toBe('TIP_NOT_PAYABLE');
    expect(await tipPostings(server, tip.id)).toEqual({ tip_paid: 1 });
  });

  it('succeed_later pays the tip a moment after the checkout answered', async () => {
    const channel = await tipChannel(server);
    const viewer = server.client();
    const { tip } = await viewer.tips.create(channel.slug, { amount: 500, currency: 'USD', displayName: 'Carol' });
    const answered = await viewer.tips.devCheckout(tip.id, 'succeed_later');
    expect(answered.tip.status).toBe('pending');
    const settled = await viewer.tips.waitForPayment(tip.id, { intervalMs: 20, timeoutMs: 5_000 });
    expect(settled.tip.status).toBe('succeeded');
  });

  it('a streamer refund in two parts returns the money and the fee in proportion', async () => {
    const channel = await tipChannel(server);
    const viewer = server.client();
    const { tip } = await viewer.tips.create(channel.slug, { amount: 2_000, currency: 'USD', displayName: 'Dan' });
    await viewer.tips.devCheckout(tip.id, 'succeed');
    // 2.5 % of $20 = 50 + 30 fixed = 80 fee; net 1920.
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 1_920 });

    const half = await channel.owner.tips.refund(channel.slug, tip.id, { amount: 1_000 });
    expect(half).toMatchObject({ status: 'partially_refunded', refundedAmount: 1_000 });
    // Half of the gross back: the streamer gives 960, the platform 40 of its fee.
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 960 });

    const rest = await channel.owner.tips.refund(channel.slug, tip.id);
    expect(rest).toMatchObject({ status: 'refunded', refundedAmount: 2_000, net: 0 });
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0 });
    expect(await tipPostings(server, tip.id)).toEqual({ refund: 2, tip_paid: 1 });
    const none = await caught(channel.owner.tips.refund(channel.slug, tip.id));
    expect(none.code).toBe('TIP_NOT_REFUNDABLE');
    await expectLedgerBalanced(server);
  });

  it('a test alert reaches overlays without a tip, a queue entry or money', async () => {
    const channel = await tipChannel(server);
    const seen = await recordedOverlay(server, channel, open);
    const alert = await channel.owner.alerts.test(channel.slug);
    expect(alert.tip).toMatchObject({ displayName: 'tipchat', currency: 'USD', amount: 200 });
    await eventually(() => expect(seen.events.map((e) => [e.type, e.data])).toEqual([['alert.test', alert]]));
    expect((await channel.owner.alerts.queue(channel.slug)).queued).toEqual([]);
    expect(await channelMoney(server, channel.id, 'USD')).toEqual({ pending: 0, available: 0, inTransit: 0, paidOut: 0 });
    const refused = await caught(server.client({ token: channel.overlayKey }).alerts.test(channel.slug));
    expect(refused.code).toBe('FORBIDDEN');
  });

  it('releases the net to available once the hold is over, exactly once', async () => {
    const channel = await tipChannel(server);
    const viewer = server.client();
    const { tip } = await viewer.tips.create(channel.slug, { amount: 1_000, currency: 'USD', displayName: 'Eve' });
    await viewer.tips.devCheckout(tip.id, 'succeed');
    const job = server.app.services.tips.release;
    expect(await job.releaseDue(new Date())).toBe(0);
    const afterHold = new Date(Date.now() + 5 * 24 * 3600 * 1000);
    expect(await job.releaseDue(afterHold)).toBeGreaterThanOrEqual(1);
    expect(await channelMoney(server, channel.id, 'USD')).toMatchObject({ pending: 0, available: 945 });
    await job.releaseDue(afterHold);
    expect(await tipPostings(server, tip.id)).toEqual({ hold_released: 1, tip_paid: 1 });
  });
});
