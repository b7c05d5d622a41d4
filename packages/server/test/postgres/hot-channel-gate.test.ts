import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_SERVER_ENV, joinGuest, makeChannel, sendText } from '../../src/features/chat/chat-test-kit';
import { PAYMENT_EVENTS_PER_CHANNEL_AT_ONCE } from '../../src/features/tips/processor';
import { FakeStripe } from '../fakes/stripe-fake';
import { createTestDatabase } from '../support/database';
import { startedForSuite } from '../support/per-suite';
import { startTestServer } from '../support/server';
import { expectLedgerBalanced, storedPaymentId, stripeServerEnv, tipChannel } from '../support/tips';
import { deliver, newStripeWebhookSecret, stripeDelivery } from '../support/webhook-delivery';

/**
 * A popular channel gets more payments at once than it can commit one after another. Each would wait for the
 * channel's lock in a transaction holding a database connection, and with a pool of five the waiting ones would hold
 * all five: every other channel's requests would queue behind them. The server lets only a couple of one channel's
 * payment events at its database at once (realtime/channel-gate.ts). Only real Postgres, with a pool of several
 * connections, has transactions waiting for each other's locks.
 */
const PAYMENTS = 30;
const webhookSecret = newStripeWebhookSecret();
const fake = startedForSuite(
  () => FakeStripe.start(),
  (started) => started.close(),
);
const testDatabase = startedForSuite(
  () => createTestDatabase(),
  (db) => db.drop(),
);
const server = startedForSuite(
  () => startTestServer({ ...CHAT_SERVER_ENV, ...stripeServerEnv(fake, webhookSecret), LOG_LEVEL: 'error' }, testDatabase),
  (started) => started.close(),
);
let watcher: postgres.Sql;
let databaseName: string;

beforeAll(() => {
  const config = testDatabase.config;
  if (config.kind !== 'postgres') throw new Error('this suite runs on Postgres only');
  watcher = postgres(config.url, { max: 1, onnotice: () => {} });
  databaseName = new URL(config.url).pathname.slice(1);
});
afterAll(async () => {
  await watcher?.end();
});

/** Until stopped, the most connections of the test's database seen waiting for a lock at once (each poll its own snapshot). */
function watchLockWaits(): { stop(): Promise<number> } {
  let most = 0;
  let watching = true;
  const polling = (async () => {
    while (watching) {
      const [row] = await watcher<{ n: number }[]>`
        select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where not l.granted and a.datname = ${databaseName}`;
      most = Math.max(most, row?.n ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return {
    async stop() {
      watching = false;
      await polling;
      return most;
    },
  };
}

describe("one channel's payments all at once", () => {
  it('hold at most a couple of database connections while they wait for the channel; each is applied once', async () => {
    const hot = await tipChannel(server, 'USD', 'hot');
    const deliveries = [];
    for (let i = 0; i < PAYMENTS; i++) {
      const { tip } = await server
        .client()
        .tips.create(hot.slug, { amount: 500, currency: 'USD', displayName: `Fan ${i}`, provider: 'stripe' });
      const intentId = await storedPaymentId(server, tip.id);
      if (!intentId) throw new Error('the tip has no PaymentIntent');
      deliveries.push({
        tipId: tip.id,
        delivery: stripeDelivery(webhookSecret, 'payment_intent.succeeded', fake.succeedPaymentIntent(intentId)),
      });
    }
    const quiet = await makeChannel(server);
    const chatter = await joinGuest(server, quiet.slug);

    const waits = watchLockWaits();
    const payments = deliveries.map(({ delivery }) => deliver(server, 'stripe', delivery));
    // Sent while the payments are at the server: a viewer of another channel chats, and is served.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const chat = sendText(server, quiet.slug, chatter, 'meanwhile, elsewhere');
    const answers = await Promise.all(payments);
    expect((await chat).status).toBe(201);
    const mostWaiting = await waits.stop();

    for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: { outcomes: ['applied'] } });
    // One payment holds the channel's lock and the next waits at it (the channel's leaderboard push may wait there
    // too); without the gate, every connection of the pool but the holder's waits (4 of 5 here, checked).
    expect(mostWaiting).toBeLessThanOrEqual(PAYMENT_EVENTS_PER_CHANNEL_AT_ONCE);

    const [paid] = await server.app.sql<{ n: number }[]>`
      select count(*)::int as n from tips where channel_id = ${hot.id} and status = 'succeeded'`;
    expect(paid?.n).toBe(PAYMENTS);
    const [postings] = await server.app.sql<{ n: number }[]>`
      select count(*)::int as n from ledger_transactions where kind = 'tip_paid'
        and reference = any (${deliveries.map(({ tipId }) => `tip:${tipId}`)})`;
    expect(postings?.n).toBe(PAYMENTS);
    await expectLedgerBalanced(server);
  });
});
