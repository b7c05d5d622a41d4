import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/support/server';
import { channelMoney, expectLedgerBalanced, type TipChannel, tipChannel } from '../../../test/support/tips';

// The release job locks the channels of a batch (ascending id) before its tips, since releasing moves the channels'
// kept balances. Several jobs at once over tips of several channels, more than one batch of them, must release each
// tip once, leave no tip due, and keep every channel balance equal to the sum of its entries.

const server = useTestServer({ PLATFORM_FEE_BPS: '0', DEV_PAYMENT_DELAY_MS: '0', RELEASE_SWEEP_MS: '3600000' });

describe('the release job', () => {
  it('releases each tip once when several jobs run at once over many channels', async () => {
    const channels: TipChannel[] = [];
    for (let c = 0; c < 4; c++) channels.push(await tipChannel(server, 'USD', 'release'));
    const perChannel = 15; // 60 tips: more than one batch of 50, each batch spanning channels
    for (let i = 0; i < perChannel; i++) {
      for (const channel of channels) {
        const viewer = server.client();
        const { tip } = await viewer.tips.create(channel.slug, { amount: 100 + i, currency: 'USD', displayName: 'Fan' });
        await viewer.tips.devCheckout(tip.id, 'succeed');
      }
    }
    const release = server.app.services.tips.release;
    const afterHold = new Date(Date.now() + 30 * 86_400_000);
    const counts = await Promise.all([release.releaseDue(afterHold), release.releaseDue(afterHold), release.releaseDue(afterHold)]);
    // A job that found the others on its tips stops early; one more round picks up whatever that left.
    const rest = await release.releaseDue(afterHold);
    expect(counts.reduce((a, b) => a + b, 0) + rest).toBe(channels.length * perChannel);

    const net = Array.from({ length: perChannel }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
    for (const channel of channels) {
      expect(await channelMoney(server, channel.id, 'USD')).toEqual({ pending: 0, available: net, inTransit: 0, paidOut: 0 });
    }
    const sql = server.app.sql;
    const releases = await sql<{ n: number }[]>`
      select count(*)::int as n from ledger_transactions where kind = 'hold_released' group by reference`;
    expect(releases.map((r) => r.n)).toEqual(Array(channels.length * perChannel).fill(1));
    expect(await sql`select id from tips where release_due`).toEqual([]);
    const kept = await sql`select account, currency, balance from ledger_balances order by account, currency`;
    const summed = await sql`
      select account, currency, sum(amount)::bigint as balance from ledger_entries
      where account like 'channel:%' group by account, currency order by account, currency`;
    expect(kept).toEqual(summed);
    await expectLedgerBalanced(server);
  });
});
