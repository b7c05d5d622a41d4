import type { ChannelConnection } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStripe } from '../fakes/stripe-fake';
import { record } from '../realtime/recorder';
import { signUpVerified } from '../support/accounts';
import { type CrashingServer, startCrashingServer } from '../support/crashing-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';
import { expectLedgerBalanced, stripeServerEnv } from '../support/tips';
import { deliverAccepted, newStripeWebhookSecret, stripeDelivery } from '../support/webhook-delivery';

// Runs only against a real Postgres (see vitest.config.ts): two server processes share one database.
describe('one of two servers killed between a webhook commit and its broadcast', () => {
  let fake: FakeStripe;
  let database: TestDatabase;
  let peer: TestServer;
  let crashing: CrashingServer | undefined;
  const webhookSecret = newStripeWebhookSecret();
  const open: ChannelConnection[] = [];
  const env = () => ({ ...stripeServerEnv(fake, webhookSecret), RELAY_SWEEP_MS: '100' });

  beforeAll(async () => {
    fake = await FakeStripe.start();
    database = await createTestDatabase();
    peer = await startTestServer(env(), database);
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    crashing?.process.kill('SIGKILL');
    await peer?.close();
    await database?.drop();
    await fake?.close();
  });

  it("the other server's relay sweep delivers the tip to an overlay that stayed connected to it, exactly once", async () => {
    const owner = peer.client();
    await signUpVerified(owner);
    const channel = await owner.channels.create({ slug: `crash-peer-${process.pid}`, displayName: 'Peer', currency: 'USD' });
    const overlayKey = await owner.keys.rotateOverlayKey(channel.slug);
    const obs = peer.client({ token: overlayKey }).realtime(channel.slug);
    open.push(obs);
    const seen = record(obs);
    await obs.connect();

    const started = await peer
      .client()
      .tips.create(channel.slug, { amount: 1_000, currency: 'USD', displayName: 'Fan', provider: 'stripe' });
    if (started.next?.type !== 'stripe_payment_element')
      throw new Error(`expected the Payment Element, got ${JSON.stringify(started.next)}`);
    const intentId = started.next.clientSecret.slice(0, started.next.clientSecret.indexOf('_secret_'));
    const tipId = started.tip.id;

    // The load balancer hands Stripe's delivery to the other process, which commits it and dies.
    crashing = await startCrashingServer(env(), database.config);
    const succeeded = stripeDelivery(webhookSecret, 'payment_intent.succeeded', fake.succeedPaymentIntent(intentId));
    await expect(
      fetch(`${crashing.url}/api/v1/webhooks/stripe`, { method: 'POST', headers: succeeded.headers, body: new Uint8Array(succeeded.body) }),
    ).rejects.toThrow();
    expect(await crashing.exited).toBe('SIGKILL');
    crashing = undefined;

    const ofTip = () =>
      seen.events
        .filter((e) => ['chat.message', 'tip.succeeded', 'alert.queued'].includes(e.type))
        .map((e) => ({ type: e.type, tipId: (e.data as { tip?: { id: string }; id?: string }).tip?.id ?? (e.data as { id?: string }).id }));
    await eventually(() =>
      expect(ofTip()).toEqual([
        { type: 'chat.message', tipId },
        { type: 'tip.succeeded', tipId },
        { type: 'alert.queued', tipId },
      ]),
    );
    // Live, on the connection it had: no reconnect, nothing twice, in order.
    expect(seen.states).not.toContain('reconnecting');
    expect(new Set(seen.seqs()).size).toBe(seen.events.length);
    expect(seen.seqs()).toEqual([...seen.seqs()].sort((x, y) => x - y));

    // Stripe, with no answer from the dead process, delivers again: nothing happens twice.
    expect(await deliverAccepted(peer, 'stripe', succeeded)).toEqual(['duplicate']);
    expect((await peer.client({ token: overlayKey }).alerts.queue(channel.slug)).queued.map((a) => a.tipId)).toEqual([tipId]);
    await expectLedgerBalanced(peer);
  }, 120_000);
});
