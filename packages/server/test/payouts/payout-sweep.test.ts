import { describe, expect, it } from 'vitest';
import { buckets, connectedStripeAccount, earn, payee, payoutWrites, usePayoutWorld, verifiedBankAccount } from './payout-fixtures';

// The automatic daily payout: the streamer turns it on, and the sweep (run here with the time it needs) pays out
// everything available in each currency that reaches the minimum and has somewhere to go, once a day.

const world = usePayoutWorld();

const sweep = (at: Date) => world.server.app.services.payouts.sweep.runDue(at);
const days = (n: number) => new Date(Date.now() + n * 24 * 3600_000);

describe('the payout schedule', () => {
  it('is off until turned on; turning it on schedules a run now, turning it off stops it', async () => {
    const streamer = await payee(world.server, 'USD');
    expect(await streamer.client.payouts.schedule()).toEqual({ enabled: false, nextRunAt: null });
    const on = await streamer.client.payouts.setSchedule({ enabled: true });
    expect(on.enabled).toBe(true);
    expect(Math.abs(Date.parse(on.nextRunAt ?? '') - Date.now())).toBeLessThan(60_000);
    // Turning it on again keeps its time.
    expect(await streamer.client.payouts.setSchedule({ enabled: true })).toEqual(on);
    expect(await streamer.client.payouts.setSchedule({ enabled: false })).toEqual({ enabled: false, nextRunAt: null });
    expect(await streamer.client.payouts.schedule()).toEqual({ enabled: false, nextRunAt: null });
  });
});

describe('the daily sweep', () => {
  it('pays out everything available to the channel’s destination, then waits a day', async () => {
    const streamer = await payee(world.server, 'USD');
    const released = await earn(world.server, streamer, [20_000]);
    await connectedStripeAccount(world, streamer);
    const { nextRunAt } = await streamer.client.payouts.setSchedule({ enabled: true });

    const first = (await sweep(days(0.01))).filter((p) => p.channelId === streamer.channelId);
    expect(first).toEqual([
      expect.objectContaining({ origin: 'sweep', amount: released, currency: 'USD', status: 'succeeded', requestedBy: null }),
    ]);
    expect(await buckets(world.server, streamer)).toMatchObject({ available: 0, paidOut: released });
    const next = (await streamer.client.payouts.schedule()).nextRunAt;
    expect(Date.parse(next ?? '') - Date.parse(nextRunAt ?? '')).toBe(24 * 3600_000);

    // New money the same day waits for tomorrow's run.
    const more = await earn(world.server, streamer, [30_000]);
    expect((await sweep(days(0.5))).filter((p) => p.channelId === streamer.channelId)).toEqual([]);
    const second = (await sweep(days(1.01))).filter((p) => p.channelId === streamer.channelId);
    expect(second.map((p) => p.amount)).toEqual([more]);
    expect((await streamer.client.payouts.payouts()).payouts.map((p) => p.origin)).toEqual(['sweep', 'sweep']);
  });

  it('pays INR to the verified beneficiary through Cashfree; skips a day below the minimum and a channel with nowhere to pay', async () => {
    const streamer = await payee(world.server, 'INR');
    const rupees = await earn(world.server, streamer, [50_000]);
    await verifiedBankAccount(world, streamer);
    await streamer.client.payouts.setSchedule({ enabled: true });

    const nowhere = await payee(world.server, 'INR');
    const waiting = await earn(world.server, nowhere, [50_000]);
    await nowhere.client.payouts.setSchedule({ enabled: true });

    const paid = (await sweep(days(0.01))).filter((p) => p.channelId === streamer.channelId || p.channelId === nowhere.channelId);
    expect(paid).toEqual([
      expect.objectContaining({ channelId: streamer.channelId, rail: 'cashfree', currency: 'INR', amount: rupees, status: 'processing' }),
    ]);
    expect(await buckets(world.server, nowhere)).toMatchObject({ available: waiting, inTransit: 0 });

    // The next day there is less than the minimum: the run passes, nothing is written, the schedule moves on.
    await earn(world.server, streamer, [5_000]);
    const before = await payoutWrites(world.server);
    expect((await sweep(days(1.01))).filter((p) => p.channelId === streamer.channelId)).toEqual([]);
    expect(await payoutWrites(world.server)).toEqual(before);
    expect(Date.parse((await streamer.client.payouts.schedule()).nextRunAt ?? '')).toBeGreaterThan(days(1.01).getTime());
  });

  it('runs a channel once however many processes sweep at the same moment', async () => {
    const streamer = await payee(world.server, 'USD');
    const released = await earn(world.server, streamer, [40_000]);
    await connectedStripeAccount(world, streamer);
    await streamer.client.payouts.setSchedule({ enabled: true });
    const at = days(0.01);
    const runs = await Promise.all([sweep(at), sweep(at), sweep(at), sweep(at)]);
    const mine = runs.flat().filter((p) => p.channelId === streamer.channelId);
    expect(mine.map((p) => p.amount)).toEqual([released]);
    expect(await buckets(world.server, streamer)).toMatchObject({ available: 0, paidOut: released });
  });

  it('skips a channel whose owner is restricted, and one that turned the schedule off', async () => {
    const restricted = await payee(world.server, 'USD');
    await earn(world.server, restricted, [20_000]);
    await connectedStripeAccount(world, restricted);
    await restricted.client.payouts.setSchedule({ enabled: true });
    await world.server.app
      .sql`update users set status = 'restricted' where id = (select owner_id from channels where id = ${restricted.channelId})`;

    const off = await payee(world.server, 'USD');
    await earn(world.server, off, [20_000]);
    await connectedStripeAccount(world, off);
    await off.client.payouts.setSchedule({ enabled: true });
    await off.client.payouts.setSchedule({ enabled: false });

    const paid = await sweep(days(0.01));
    expect(paid.filter((p) => p.channelId === restricted.channelId || p.channelId === off.channelId)).toEqual([]);
  });
});
