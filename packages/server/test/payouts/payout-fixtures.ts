import type { CurrencyCode, TipchatClient } from '@tipchat/sdk';
import { expect } from 'vitest';
import { accounts, ledger } from '../../src/ledger';
import { FakeCashfreePayouts } from '../fakes/cashfree-payouts-fake';
import { FakeStripe } from '../fakes/stripe-fake';
import { signStripeDelivery, stripeEvent } from '../fakes/stripe-webhooks';
import { signUpVerified } from '../support/accounts';
import { startedForSuite } from '../support/per-suite';
import { startTestServer, type TestServer } from '../support/server';
import { type Delivery, deliver, newStripeWebhookSecret } from '../support/webhook-delivery';

/** The smallest payouts on the test servers: $10 and ₹100. */
export const MINIMUM = { USD: 1_000, INR: 10_000 } as const;
/** The dashboard's origin on the test servers: onboarding links must come back here. */
export const DASHBOARD = 'https://dashboard.tipchat.test';

/** A server with both payout rails on fakes (Cashfree Payouts, and Stripe with Connect) and the dev checkout for tips. */
export interface PayoutWorld {
  server: TestServer;
  cashfree: FakeCashfreePayouts;
  stripe: FakeStripe;
  /** Signs the Stripe Connect endpoint's deliveries. */
  connectSecret: string;
  close(): Promise<void>;
}

/**
 * The jobs' own timers are set far apart so they never run during a test: each test runs the poller and the sweep
 * itself, with the `now` it needs.
 */
export async function startPayoutWorld(env: Record<string, string> = {}): Promise<PayoutWorld> {
  const [cashfree, stripe] = await Promise.all([FakeCashfreePayouts.start(), FakeStripe.start()]);
  const connectSecret = newStripeWebhookSecret();
  const server = await startTestServer({
    CASHFREE_PAYOUTS_CLIENT_ID: cashfree.clientId,
    CASHFREE_PAYOUTS_CLIENT_SECRET: cashfree.clientSecret,
    CASHFREE_PAYOUTS_API_URL: cashfree.origin,
    STRIPE_SECRET_KEY: stripe.apiKey,
    STRIPE_PUBLISHABLE_KEY: 'pk_test_tipchatfake',
    STRIPE_WEBHOOK_SECRET: newStripeWebhookSecret(),
    STRIPE_API_URL: `http://127.0.0.1:${stripe.port}`,
    STRIPE_CONNECT_WEBHOOK_SECRET: connectSecret,
    DEV_PAYMENTS: 'true',
    DEV_PAYMENT_DELAY_MS: '0',
    PLATFORM_FEE_BPS: '500',
    PAYOUT_MINIMUM: `USD:${MINIMUM.USD},INR:${MINIMUM.INR}`,
    PAYOUT_POLL_MS: '3600000',
    PAYOUT_SWEEP_MS: '3600000',
    RELEASE_SWEEP_MS: '3600000',
    DASHBOARD_ORIGIN: DASHBOARD,
    ...env,
  });
  return {
    server,
    cashfree,
    stripe,
    connectSecret,
    close: async () => {
      await server.close();
      await Promise.all([cashfree.close(), stripe.close()]);
    },
  };
}

/** The file's payout world, started before its tests (fakes and a server take a while) and closed after them. */
export function usePayoutWorld(): PayoutWorld {
  return startedForSuite(
    () => startPayoutWorld(),
    (world) => world.close(),
    { timeout: 120_000 },
  );
}

export interface Payee {
  client: TipchatClient;
  channelId: string;
  slug: string;
  currency: CurrencyCode;
}

let payees = 0;

/** A verified streamer with a channel in `currency`, signed in through the SDK. */
export async function payee(server: TestServer, currency: CurrencyCode): Promise<Payee> {
  const client = server.client();
  await signUpVerified(client);
  const slug = `payout-${process.pid}-${++payees}`;
  const channel = await client.channels.create({ slug, displayName: `Payee ${payees}`, currency });
  return { client, channelId: channel.id, slug, currency };
}

/**
 * Viewers tip the channel through the dev checkout and the hold ends: each tip's net (gross less the 5 % fee) is
 * available. Returns what became available.
 */
export async function earn(server: TestServer, payee: Payee, grossAmounts: readonly number[]): Promise<number> {
  const before = await available(server, payee);
  for (const amount of grossAmounts) {
    const viewer = server.client();
    const { tip } = await viewer.tips.create(payee.slug, { amount, currency: payee.currency, displayName: 'Fan', provider: 'dev' });
    const paid = await viewer.tips.devCheckout(tip.id, 'succeed');
    expect(paid.tip.status).toBe('succeeded');
  }
  // Long after any hold: every paid tip's money is released.
  await server.app.services.tips.release.releaseDue(new Date(Date.now() + 30 * 24 * 3600_000));
  return (await available(server, payee)) - before;
}

/** A new payee whose tips of `grossAmounts` are paid and released, and how much that made available. */
export async function newFundedPayee(server: TestServer, currency: CurrencyCode, grossAmounts: readonly number[]) {
  const streamer = await payee(server, currency);
  const released = await earn(server, streamer, grossAmounts);
  return { streamer, released };
}

export function available(server: TestServer, payee: Payee): Promise<number> {
  return ledger.balance(server.app.sql, accounts.channelAvailable(payee.channelId), payee.currency);
}

/** The channel's four buckets in its currency, from the ledger. */
export async function buckets(server: TestServer, payee: Payee) {
  const sql = server.app.sql;
  return {
    pending: await ledger.balance(sql, accounts.channelPending(payee.channelId), payee.currency),
    available: await ledger.balance(sql, accounts.channelAvailable(payee.channelId), payee.currency),
    inTransit: await ledger.balance(sql, accounts.channelInTransit(payee.channelId), payee.currency),
    paidOut: await ledger.balance(sql, accounts.channelPaidOut(payee.channelId), payee.currency),
  };
}

let accountNumbers = 0;

/** A bank account added and verified (VALID at the bank) through the SDK: the INR payee's payout destination. */
export async function verifiedBankAccount(world: PayoutWorld, payee: Payee): Promise<string> {
  const account = String(702_000_000_000 + process.pid * 1000 + ++accountNumbers);
  world.cashfree.setBankAccount(account, 'HDFC0001234', { status: 'VALID' });
  const added = await payee.client.payouts.addBeneficiary({
    kind: 'bank_account',
    name: 'Ravi Kumar',
    accountNumber: account,
    ifsc: 'HDFC0001234',
  });
  const verified = await payee.client.payouts.verifyBeneficiary(added.id);
  expect(verified.verification).toBe('valid');
  return added.id;
}

/** A UPI id added and verified through the SDK. */
export async function verifiedUpiId(world: PayoutWorld, payee: Payee): Promise<string> {
  const vpa = `ravi.${process.pid}.${++accountNumbers}@okicici`;
  world.cashfree.setUpiId(vpa, { status: 'VALID', nameAtBank: 'RAVI KUMAR' });
  const added = await payee.client.payouts.addBeneficiary({ kind: 'upi', name: 'Ravi Kumar', vpa });
  const verified = await payee.client.payouts.verifyBeneficiary(added.id);
  expect(verified.verification).toBe('valid');
  return added.id;
}

/** The payee onboards with Stripe: the account is created through the SDK, Stripe enables it and says so by webhook. */
export async function connectedStripeAccount(world: PayoutWorld, payee: Payee): Promise<string> {
  const onboarding = await payee.client.payouts.startStripeOnboarding({
    returnUrl: `${DASHBOARD}/payouts/done`,
    refreshUrl: `${DASHBOARD}/payouts/again`,
  });
  const accountId = onboarding.account.stripeAccountId;
  const outcomes = await deliverConnect(world, 'account.updated', world.stripe.connect.completeOnboarding(accountId));
  expect(outcomes).toEqual(['applied']);
  expect(await payee.client.payouts.stripeAccount()).toMatchObject({ stripeAccountId: accountId, payoutsEnabled: true });
  return accountId;
}

/** A Stripe Connect event about `object`, signed with the Connect endpoint's secret. */
export function connectDelivery(
  world: PayoutWorld,
  type: string,
  object: Record<string, unknown>,
  options: { eventId?: string; createdAt?: number } = {},
): Delivery {
  const event = stripeEvent(type, object, {
    ...(options.eventId && { id: options.eventId }),
    ...(options.createdAt !== undefined && { createdAt: options.createdAt }),
  });
  return signStripeDelivery(event, { secrets: [world.connectSecret] });
}

/** Delivers to /webhooks/stripe-connect and expects the acknowledgement; returns its outcomes. */
export async function deliverConnect(
  world: PayoutWorld,
  type: string,
  object: Record<string, unknown>,
  options: { eventId?: string; createdAt?: number } = {},
): Promise<string[]> {
  return acknowledged(await deliver(world.server, 'stripe-connect', connectDelivery(world, type, object, options)));
}

/** Delivers a Cashfree Payouts webhook and expects the acknowledgement; returns its outcomes. */
export async function deliverCashfree(world: PayoutWorld, delivery: Delivery): Promise<string[]> {
  return acknowledged(await deliver(world.server, 'cashfree-payouts', delivery));
}

function acknowledged(answer: { status: number; body: unknown }): string[] {
  expect(answer, 'webhook acknowledgement').toMatchObject({ status: 200, body: { received: true } });
  return (answer.body as { outcomes: string[] }).outcomes;
}

/** Every ledger transaction in the database sums to zero per currency. */
export async function expectLedgerBalanced(server: TestServer): Promise<void> {
  const unbalanced = await server.app.sql`
    select transaction_id, currency, sum(amount)::bigint as total from ledger_entries
    group by transaction_id, currency having sum(amount) <> 0`;
  expect(unbalanced).toEqual([]);
}

/** What a refused request must leave exactly as it was. */
export async function payoutWrites(server: TestServer) {
  const [row] = await server.app.sql<{ payouts: number; ledgerTransactions: number; events: number }[]>`
    select (select count(*)::int from payouts) as payouts,
           (select count(*)::int from ledger_transactions) as ledger_transactions,
           (select count(*)::int from channel_events where type = 'payout.updated') as events`;
  if (!row) throw new Error('no counts');
  return row;
}

/** The payout row as stored. */
export async function storedPayout(server: TestServer, payoutId: string) {
  const [row] = await server.app.sql<{ status: string; nextPollAt: Date | null; transferId: string; providerReference: string | null }[]>`
    select status, next_poll_at, transfer_id, provider_reference from payouts where id = ${payoutId}`;
  return row;
}

/** The ledger movements of one payout, by kind. */
export async function payoutPostings(server: TestServer, payoutId: string): Promise<Record<string, number>> {
  const rows = await server.app.sql<{ kind: string; count: number }[]>`
    select kind, count(*)::int as count from ledger_transactions where reference = ${`payout:${payoutId}`} group by kind order by kind`;
  return Object.fromEntries(rows.map((r) => [r.kind, r.count]));
}

/** The payout.updated events of a channel, oldest first: what the staff saw. */
export async function payoutEvents(server: TestServer, channelId: string): Promise<{ id: string; status: string; visibility: string }[]> {
  const rows = await server.app.sql<{ data: { id: string; status: string }; visibility: string }[]>`
    select data, visibility from channel_events where channel_id = ${channelId} and type = 'payout.updated' order by seq`;
  return rows.map((r) => ({ id: r.data.id, status: r.data.status, visibility: r.visibility }));
}

/** Where the time of the poller and the sweep is set: minutes from now. */
export const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);
