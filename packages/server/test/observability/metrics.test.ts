import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/realtime/event-log';
import { buckets, deliverCashfree, newFundedPayee, startPayoutWorld, verifiedBankAccount } from '../payouts/payout-fixtures';
import { scrape } from '../support/metrics';
import { startedForSuite } from '../support/per-suite';
import { connectSocket, eventually } from '../support/realtime';
import { overlay, tipChannel } from '../support/tips';
import { deliver, tampered } from '../support/webhook-delivery';

// One server with every source of metrics on fakes: the dev checkout (tips), Cashfree Payouts (payouts and their
// webhooks), Stripe. Each test scrapes before and after what it does and checks the series moved by exactly that.

const TOKEN = `metrics-${randomBytes(16).toString('hex')}`;
const world = startedForSuite(
  () => startPayoutWorld({ METRICS_TOKEN: TOKEN }),
  (started) => started.close(),
  { timeout: 120_000 },
);

describe('/metrics', () => {
  it('is served only to the bearer of METRICS_TOKEN', async () => {
    const url = `${world.server.url}/metrics`;
    const without = await fetch(url);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await without.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: TOKEN } })).status).toBe(401);

    const metrics = await scrape(world.server, TOKEN);
    // The process's own figures come with ours.
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
    expect(metrics.text).toContain('nodejs_eventloop_lag_seconds');
    // Scrapers are not in the API's documentation.
    const openapi = (await (await fetch(`${world.server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).not.toContain('/metrics');
  });

  it('times requests by route pattern and status, with unmatched URLs in one series', async () => {
    const channel = await tipChannel(world.server, 'USD', 'metrics');
    const route = { method: 'GET', route: '/api/v1/channels/:slug', status: '200' };
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
    const before = await scrape(world.server, TOKEN);
    const stray = `no-such-page-${randomBytes(6).toString('hex')}`;
    expect((await fetch(`${world.server.url}/api/v1/channels/${channel.slug}`)).status).toBe(200);
    expect((await fetch(`${world.server.url}/api/v1/channels/${channel.slug}`)).status).toBe(200);
    expect((await fetch(`${world.server.url}/${stray}`)).status).toBe(404);

    const after = await scrape(world.server, TOKEN);
    const count = 'tipchat_http_request_duration_seconds_count';
    expect(after.value(count, route) - before.value(count, route)).toBe(2);
    expect(after.value(count, unmatched) - before.value(count, unmatched)).toBe(1);
    expect(after.value('tipchat_http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
    // Series are keyed by pattern: neither the slug nor the stray path became a label.
    expect(after.text).not.toContain(channel.slug);
    expect(after.text).not.toContain(stray);
  });

  it('counts tips by outcome and the relay lag of the events they publish', async () => {
    const channel = await tipChannel(world.server, 'USD', 'metrics');
    const viewer = world.server.client();
    const before = await scrape(world.server, TOKEN);

    const paid = await viewer.tips.create(channel.slug, { amount: 1_000, currency: 'USD', displayName: 'Payer', provider: 'dev' });
    expect((await viewer.tips.devCheckout(paid.tip.id, 'succeed')).tip.status).toBe('succeeded');
    const declined = await viewer.tips.create(channel.slug, { amount: 1_000, currency: 'USD', displayName: 'Decliner', provider: 'dev' });
    expect((await viewer.tips.devCheckout(declined.tip.id, 'decline')).tip.status).toBe('failed');
    await world.server.app.relay.idle();

    const after = await scrape(world.server, TOKEN);
    expect(after.value('tipchat_tips_total', { outcome: 'paid' }) - before.value('tipchat_tips_total', { outcome: 'paid' })).toBe(1);
    expect(after.value('tipchat_tips_total', { outcome: 'failed' }) - before.value('tipchat_tips_total', { outcome: 'failed' })).toBe(1);
    // The paid tip alone published a chat message, tip.succeeded, tip.updated and goal figures.
    const lag = 'tipchat_event_relay_lag_seconds_count';
    expect(after.value(lag) - before.value(lag)).toBeGreaterThanOrEqual(4);
    // Published within the test's own seconds (the histogram's +Inf bucket holds every event; the 10 s one as many).
    expect(after.value('tipchat_event_relay_lag_seconds_bucket', { le: '10' })).toBe(after.value(lag));
  });

  it('counts channel events it waited for in vain, and hands on what came after them', async () => {
    const channel = await tipChannel(world.server, 'USD', 'metrics');
    const viewer = await connectSocket(world.server.url, channel.slug);
    try {
      // A real event first: from here the process knows where the channel stands.
      await channel.owner.channels.update(channel.slug, { description: 'before the gap' });
      const head = await world.server.app.eventLog.head(channel.id);
      await eventually(() => expect(viewer.events.at(-1)?.seq).toBe(head));
      const before = await scrape(world.server, TOKEN);

      // As when two publishes from another process were lost on their way: head + 1 and head + 2 never come. (Not in
      // the log: the client is not asked to fetch anything.)
      const ahead = {
        channelId: channel.id,
        seq: head + 3,
        type: 'channel.updated',
        data: {},
        at: new Date().toISOString(),
        visibility: 'public',
      };
      world.server.app.broadcast.publish(ahead as StoredEvent, head + 2);
      expect(viewer.events.at(-1)?.seq).toBe(head);
      await eventually(() => expect(viewer.events.at(-1)?.seq).toBe(head + 3));

      const after = await scrape(world.server, TOKEN);
      const skipped = 'tipchat_realtime_events_skipped_total';
      expect(after.value(skipped) - before.value(skipped)).toBe(2);
    } finally {
      viewer.close();
    }
  });

  it('gauges open realtime connections', async () => {
    const channel = await tipChannel(world.server, 'USD', 'metrics');
    const gauge = async () => (await scrape(world.server, TOKEN)).value('tipchat_realtime_connections');
    const idle = await gauge();
    const connection = await overlay(world.server, channel);
    try {
      expect(await gauge()).toBe(idle + 1);
    } finally {
      connection.close();
    }
    await eventually(async () => expect(await gauge()).toBe(idle));
  });

  it('counts payouts by rail and outcome, and webhook deliveries by provider and outcome', async () => {
    const before = await scrape(world.server, TOKEN);
    const { streamer } = await newFundedPayee(world.server, 'INR', [100_000]);
    await verifiedBankAccount(world, streamer);
    const requested = await streamer.client.payouts.requestPayout({ currency: 'INR', amount: 50_000 });
    expect(requested.status).toBe('processing');
    world.cashfree.settle(requested.transferId, 'SUCCESS');
    const success = world.cashfree.transferWebhook(requested.transferId, 'TRANSFER_SUCCESS');
    expect(await deliverCashfree(world, success)).toEqual(['applied']);
    expect((await buckets(world.server, streamer)).paidOut).toBe(50_000);
    // A forged delivery, and one for a provider this server does not have (Cashfree payments).
    expect(
      (
        await deliver(
          world.server,
          'cashfree-payouts',
          tampered(success, (body) => body.replace('SUCCESS', 'FAILED')),
        )
      ).status,
    ).toBe(400);
    expect((await deliver(world.server, 'cashfree', success)).status).toBe(404);

    const after = await scrape(world.server, TOKEN);
    const moved = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(moved('tipchat_payouts_total', { rail: 'cashfree', outcome: 'processing' })).toBe(1);
    expect(moved('tipchat_payouts_total', { rail: 'cashfree', outcome: 'succeeded' })).toBe(1);
    expect(moved('tipchat_webhook_deliveries_total', { provider: 'cashfree', outcome: 'processed' })).toBe(1);
    expect(moved('tipchat_webhook_deliveries_total', { provider: 'cashfree', outcome: 'refused' })).toBe(1);
    expect(moved('tipchat_webhook_deliveries_total', { provider: 'cashfree', outcome: 'unconfigured' })).toBe(1);
  });
});
