import type { TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught } from '../support/errors';
import { adminClient } from '../support/reviews';
import { startTestServer, type TestServer } from '../support/server';
import { insertTipRow } from '../support/tip-rows';
import { tipChannel } from '../support/tips';

/*
 * Platform totals by UTC day and currency, on a server of its own so every figure is known: tips paid through the dev
 * checkout today (the fee booked in the ledger), a refund, and rows written as they stand for another day, another
 * currency, a dispute and a settled payout.
 */

let server: TestServer;
let admin: TipchatClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server);
});
afterAll(async () => {
  await server?.close();
});

const today = () => new Date().toISOString().slice(0, 10);

describe('platform totals', () => {
  it('sum volume, fees, refunds, disputes and payouts by day and currency', async () => {
    const usd = await tipChannel(server, 'USD', 'totals-usd');
    const inr = await tipChannel(server, 'INR', 'totals-inr');
    const viewer = server.client();
    const paid: string[] = [];
    for (const amount of [1_000, 3_000]) {
      const { tip } = await viewer.tips.create(usd.slug, { amount, currency: 'USD', displayName: 'Fan' });
      await viewer.tips.devCheckout(tip.id, 'succeed');
      paid.push(tip.id);
    }
    // A pending tip is no volume.
    await viewer.tips.create(usd.slug, { amount: 5_000, currency: 'USD', displayName: 'Later' });
    // A refund of half of the second tip: half of its fee (75) goes back with it.
    await usd.owner.tips.refund(usd.slug, paid[1] as string, { amount: 1_500 });
    const feeKept = (await usd.owner.tipFeed.list(usd.slug)).tips.reduce((sum, tip) => sum + tip.fee, 0);

    const sql = server.app.sql;
    // Three days ago, in INR: a tip written as it stands (no ledger, so no fee income that day) and its dispute.
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    const oldTip = await insertTipRow(sql, {
      channelId: inr.id,
      amount: 50_000,
      currency: 'INR',
      paidAt: threeDaysAgo,
      createdAt: threeDaysAgo,
    });
    await sql`insert into tip_disputes (tip_id, dispute_id, amount, status, created_at) values (${oldTip.id}, 'dp_1', 20000, 'open', ${threeDaysAgo})`;
    // A payout settled today and one that failed (not counted).
    for (const [status, transfer] of [
      ['succeeded', 'tr_ok'],
      ['failed', 'tr_failed'],
    ] as const) {
      await sql`
        insert into payouts (channel_id, rail, stripe_account_id, amount, currency, status, origin, transfer_id, settled_at)
        values (${usd.id}, 'stripe', 'acct_x', 700, 'USD', ${status}, 'manual', ${transfer}, now())`;
    }

    const totals = await admin.admin.totals({ to: today() });
    const day3 = threeDaysAgo.toISOString().slice(0, 10);
    expect(totals.to).toBe(today());
    expect(totals.days).toEqual([
      { day: day3, currency: 'INR', volume: 50_000, tips: 1, fees: 0, refunds: 0, disputes: 20_000, payouts: 0 },
      { day: today(), currency: 'USD', volume: 4_000, tips: 2, fees: feeKept, refunds: 1_500, disputes: 0, payouts: 700 },
    ]);
    // 2.5 % of 4000 is 100; half of the second tip's 75 went back with its refund.
    expect(feeKept).toBeGreaterThanOrEqual(62);
    expect(feeKept).toBeLessThanOrEqual(63);

    // A range that leaves out three days ago leaves out its row.
    const recent = await admin.admin.totals({ from: today(), to: today() });
    expect(recent.days.map((row) => row.currency)).toEqual(['USD']);
  });

  it('refuses a range backwards, too long or not a date', async () => {
    expect(await caught(admin.admin.totals({ from: '2026-02-01', to: '2026-01-01' }))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await caught(admin.admin.totals({ from: '2020-01-01', to: '2026-01-01' }))).toMatchObject({ status: 400 });
    expect(await caught(admin.admin.totals({ from: 'yesterday' }))).toMatchObject({ status: 400 });
  });
});
