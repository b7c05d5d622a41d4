import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChannelConnection, createClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection';
import { FakeStripe } from '../fakes/stripe-fake';
import { record } from '../realtime/recorder';
import { signUpVerified } from '../support/accounts';
import { type CrashingServer, startCrashingServer } from '../support/crashing-server';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database';
import { eventually } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';
import { channelMoney, expectLedgerBalanced, stripeServerEnv } from '../support/tips';
import { type Delivery, newStripeWebhookSecret, stripeDelivery } from '../support/webhook-delivery';

/**
 * The transactional outbox under a crash. Server A is a real child process that commits a Stripe
 * webhook's payment — tip, ledger, chat message, alert and their channel events in one transaction —
 * and is killed with SIGKILL before its relay publishes any of it. Server B starts on the same
 * database: nothing the commit promised the overlay is lost, and nothing is delivered twice.
 */

/** POSTs a signed delivery as the provider would; a server that dies mid-request answers nothing. */
function post(url: string, delivery: Delivery): Promise<Response> {
  return fetch(`${url}/api/v1/webhooks/stripe`, { method: 'POST', headers: delivery.headers, body: new Uint8Array(delivery.body) });
}

describe('a server killed between a webhook commit and its broadcast', () => {
  let fake: FakeStripe;
  let database: TestDatabase;
  let dataDir: string;
  const webhookSecret = newStripeWebhookSecret();
  const open: ChannelConnection[] = [];
  let crashing: CrashingServer | undefined;
  let restarted: TestServer | undefined;

  beforeAll(async () => {
    fake = await FakeStripe.start();
    dataDir = await mkdtemp(join(tmpdir(), 'tipchat-tips-crash-'));
    // Two processes one after the other: an in-memory PGlite would not outlive the first.
    database = postgresAdminUrl ? await createTestDatabase() : { config: { kind: 'embedded', dataDir }, drop: async () => {} };
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    crashing?.process.kill('SIGKILL');
    await restarted?.close();
    await database?.drop();
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loses no alert: the restarted server delivers the tip to the overlay exactly once and keeps its alert queued', async () => {
    const env = { ...stripeServerEnv(fake, webhookSecret), RELAY_SWEEP_MS: '100', PLATFORM_FEE_BPS: '250', PLATFORM_FEE_FIXED: 'USD:30' };
    crashing = await startCrashingServer(env, database.config);
    const a = crashing;

    // Server A: a streamer, an overlay key, an overlay watching the channel, a tip started with Stripe.
    const owner = createClient({ baseUrl: a.url });
    await signUpVerified(owner);
    const channel = await owner.channels.create({ slug: `crash-${process.pid}`, displayName: 'Crash', currency: 'USD' });
    const overlayKey = await owner.keys.rotateOverlayKey(channel.slug);
    const before = createClient({ baseUrl: a.url, token: overlayKey }).realtime(channel.slug);
    open.push(before);
    const seenOnA = record(before);
    const { lastSeq: startSeq } = await before.connect();
    const started = await createClient({ baseUrl: a.url }).tips.create(channel.slug, {
      amount: 1_000,
      currency: 'USD',
      displayName: 'Crash Fan',
      message: 'still here after the crash',
      provider: 'stripe',
    });
    if (started.next?.type !== 'stripe_payment_element')
      throw new Error(`expected the Payment Element, got ${JSON.stringify(started.next)}`);
    const intentId = started.next.clientSecret.slice(0, started.next.clientSecret.indexOf('_secret_'));
    const tipId = started.tip.id;

    // Stripe reports the payment; A commits it and dies before answering or publishing.
    const succeeded = stripeDelivery(webhookSecret, 'payment_intent.succeeded', fake.succeedPaymentIntent(intentId));
    await expect(post(a.url, succeeded)).rejects.toThrow();
    expect(await a.exited).toBe('SIGKILL');
    crashing = undefined;

    // The commit is there and the relay never published it: its cursor is short of the tip's events, the overlay got none.
    const db = await openDatabase(database.config);
    try {
      const [tip] = await db.sql<{ status: string }[]>`select status from tips where id = ${tipId}`;
      expect(tip?.status).toBe('succeeded');
      const logged = await db.sql<{ seq: number; type: string }[]>`
        select seq, type from channel_events where channel_id = ${channel.id} and seq > ${startSeq} order by seq`;
      expect(logged.map((e) => e.type)).toEqual(expect.arrayContaining(['chat.message', 'tip.succeeded', 'alert.queued']));
      const [cursor] = await db.sql<{ publishedSeq: number }[]>`select published_seq from relay_cursors where channel_id = ${channel.id}`;
      expect(cursor?.publishedSeq ?? 0).toBeLessThanOrEqual(startSeq);
    } finally {
      await db.close();
    }
    expect(seenOnA.events).toEqual([]);
    before.close();

    // Server B on the same database.
    restarted = await startTestServer(env, database);
    const b = restarted;
    const head = await b.app.eventLog.head(channel.id);
    // The relay's start-up sweep publishes what A committed and never published (and B's own
    // leaderboard push, owed for the tip A paid, may come after it).
    await eventually(async () => {
      const [cursor] = await b.app.sql<
        { publishedSeq: number }[]
      >`select published_seq from relay_cursors where channel_id = ${channel.id}`;
      expect(cursor?.publishedSeq).toBeGreaterThanOrEqual(head);
    });

    // Stripe never got an answer from A, so it delivers again: already applied, nothing happens twice.
    const again = await post(b.url, succeeded);
    expect(await again.json()).toEqual({ received: true, outcomes: ['duplicate'] });

    // The overlay resumes on B after the last event it saw on A, and gets the tip exactly once.
    const resumed = b.client({ token: overlayKey }).realtime(channel.slug, { after: before.lastSeq ?? startSeq });
    open.push(resumed);
    const seen = record(resumed);
    await resumed.connect();
    const ofTip = () =>
      seen.events
        .filter((e) => ['chat.message', 'tip.succeeded', 'alert.queued'].includes(e.type))
        .map((e) => ({ type: e.type, tipId: tipOf(e.data) }));
    await eventually(() =>
      expect(ofTip()).toEqual([
        { type: 'chat.message', tipId },
        { type: 'tip.succeeded', tipId },
        { type: 'alert.queued', tipId },
      ]),
    );
    expect(new Set(seen.seqs()).size).toBe(seen.events.length);
    expect(seen.seqs()).toEqual([...seen.seqs()].sort((x, y) => x - y));
    const chat = seen.events.find((e) => e.type === 'chat.message');
    expect(chat?.data).toMatchObject({ text: 'still here after the crash', tip: { id: tipId, amount: 1_000, currency: 'USD' } });

    // A new overlay, starting at the head, finds the alert in the queue.
    const queue = await b.client({ token: overlayKey }).alerts.queue(channel.slug);
    expect(queue.queued.map((alert) => [alert.tip.id, alert.status])).toEqual([[tipId, 'queued']]);

    // The money was booked once, by A's commit.
    expect(await channelMoney(b, channel.id, 'USD')).toMatchObject({ pending: 945 });
    const [paid] = await b.app.sql<{ n: number }[]>`
      select count(*)::int as n from ledger_transactions where reference = ${`tip:${tipId}`} and kind = 'tip_paid'`;
    expect(paid?.n).toBe(1);
    await expectLedgerBalanced(b);
  }, 120_000);
});

/** The tip an event is about: a chat message carries it under `tip`, tip and alert events under `id` / `tip.id`. */
function tipOf(data: unknown): string | undefined {
  const value = data as { id?: string; tip?: { id?: string }; tipId?: string };
  return value.tip?.id ?? value.tipId ?? value.id;
}
