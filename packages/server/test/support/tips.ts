import type { ChannelConnection, CurrencyCode, TipchatClient } from '@tipchat/sdk';
import { expect } from 'vitest';
import { accounts, ledger } from '../../src/ledger';
import { type Recording, record } from '../realtime/recorder';
import { signUpVerified } from './accounts';
import { settled } from './raw';
import type { TestServer } from './server';

export interface TipChannel {
  slug: string;
  id: string;
  owner: TipchatClient;
  overlayKey: string;
}

let channels = 0;

/** A streamer's channel in `currency` with an overlay key, ready to take tips. */
export async function tipChannel(server: TestServer, currency: CurrencyCode = 'USD', prefix = 'tips'): Promise<TipChannel> {
  const owner = server.client();
  await signUpVerified(owner);
  const slug = `${prefix}-${process.pid}-${++channels}`;
  const channel = await owner.channels.create({ slug, displayName: `Tips ${channels}`, currency });
  const overlayKey = await owner.keys.rotateOverlayKey(slug);
  return { slug, id: channel.id, owner, overlayKey };
}

/** An OBS overlay's connection to the channel, connected. Close it in afterEach. */
export async function overlay(server: TestServer, channel: TipChannel): Promise<ChannelConnection> {
  const connection = server.client({ token: channel.overlayKey }).realtime(channel.slug);
  await connection.connect();
  return connection;
}

/** An overlay connected to the channel and recording what it receives; kept in `open`, which closes it after the test. */
export async function recordedOverlay(server: TestServer, channel: TipChannel, open: ChannelConnection[]): Promise<Recording> {
  const connection = await overlay(server, channel);
  open.push(connection);
  return record(connection);
}

export interface ChannelMoney {
  pending: number;
  available: number;
  inTransit: number;
  paidOut: number;
}

/** A channel's balances in one currency, summed from the ledger's entries. */
export async function channelMoney(server: TestServer, channelId: string, currency: CurrencyCode): Promise<ChannelMoney> {
  const sql = server.app.sql;
  return {
    pending: await ledger.balance(sql, accounts.channelPending(channelId), currency),
    available: await ledger.balance(sql, accounts.channelAvailable(channelId), currency),
    inTransit: await ledger.balance(sql, accounts.channelInTransit(channelId), currency),
    paidOut: await ledger.balance(sql, accounts.channelPaidOut(channelId), currency),
  };
}

/** Every ledger transaction of these tips sums to zero per currency (the double-entry invariant). */
export async function expectLedgerBalanced(server: TestServer): Promise<void> {
  const unbalanced = await server.app.sql<{ transactionId: string; currency: string; total: number }[]>`
    select transaction_id, currency, sum(amount)::bigint as total from ledger_entries
    group by transaction_id, currency having sum(amount) <> 0`;
  expect(unbalanced).toEqual([]);
}

/** How many ledger transactions reference the tip, by kind. */
export async function tipPostings(server: TestServer, tipId: string): Promise<Record<string, number>> {
  const rows = await server.app.sql<{ kind: string; count: number }[]>`
    select kind, count(*)::int as count from ledger_transactions where reference = ${`tip:${tipId}`} group by kind order by kind`;
  return Object.fromEntries(rows.map((r) => [r.kind, r.count]));
}

/**
 * The books after a tip is paid once: the channel holds its net as pending and nothing else, the platform gained the
 * fee, the tip has one tip_paid posting, and every transaction balances. `feesBefore`: the platform's fees before.
 */
export async function expectPaidOnce(
  server: TestServer,
  tip: { id: string; channelId: string; currency: CurrencyCode; net: number; fee: number },
  feesBefore: number,
): Promise<void> {
  expect(await channelMoney(server, tip.channelId, tip.currency)).toEqual({ pending: tip.net, available: 0, inTransit: 0, paidOut: 0 });
  expect((await platformMoney(server, tip.currency)).fees - feesBefore).toBe(tip.fee);
  expect(await tipPostings(server, tip.id)).toEqual({ tip_paid: 1 });
  await expectLedgerBalanced(server);
}

/**
 * The platform's own accounts in one currency: fee revenue (credit, +), absorbed dispute fees (debit, -) and money
 * collected beyond tips, waiting to be returned (suspense, credit +).
 */
export async function platformMoney(
  server: TestServer,
  currency: CurrencyCode,
): Promise<{ fees: number; disputeLosses: number; suspense: number }> {
  const sql = server.app.sql;
  return {
    fees: await ledger.balance(sql, accounts.platformFees, currency),
    disputeLosses: await ledger.balance(sql, accounts.platformDisputeLosses, currency),
    suspense: await ledger.balance(sql, accounts.platformSuspense, currency),
  };
}

/** Every ledger entry of every transaction, summed per currency: zero for each (the whole ledger balances). */
export async function expectLedgerSumsToZero(server: TestServer): Promise<void> {
  const totals = await server.app.sql<{ currency: string; total: number }[]>`
    select currency, sum(amount)::bigint as total from ledger_entries group by currency having sum(amount) <> 0`;
  expect(totals).toEqual([]);
}

export interface WriteCounts {
  providerEvents: number;
  ledgerTransactions: number;
  ledgerEntries: number;
  tipRefunds: number;
  tipDisputes: number;
  chatMessages: number;
  channelEvents: number;
}

/** Rows that a processed provider event writes; a refused delivery must leave every count as it was. */
export async function writeCounts(server: TestServer): Promise<WriteCounts> {
  await settled(server);
  const [row] = await server.app.sql<WriteCounts[]>`
    select
      (select count(*)::int from provider_events) as provider_events,
      (select count(*)::int from ledger_transactions) as ledger_transactions,
      (select count(*)::int from ledger_entries) as ledger_entries,
      (select count(*)::int from tip_refunds) as tip_refunds,
      (select count(*)::int from tip_disputes) as tip_disputes,
      (select count(*)::int from chat_messages) as chat_messages,
      (select count(*)::int from channel_events) as channel_events`;
  if (!row) throw new Error('count query returned nothing');
  return row;
}

/** The provider's payment id we stored for a tip (PaymentIntent id, Cashfree order id). */
export async function storedPaymentId(server: TestServer, tipId: string): Promise<string | null> {
  const [row] = await server.app.sql<{ paymentId: string | null }[]>`select payment_id from tips where id = ${tipId}`;
  return row?.paymentId ?? null;
}

/** What became of each provider event recorded for a tip, oldest first. */
export async function recordedOutcomes(server: TestServer, tipId: string): Promise<{ kind: string; outcome: string }[]> {
  return server.app.sql<{ kind: string; outcome: string }[]>`
    select kind, outcome from provider_events where tip_id = ${tipId} order by received_at, event_id`;
}

/**
 * Server environment that turns Stripe on against a fake, signing webhooks with `webhookSecret`, and the
 * simulated checkout off: every tip then has to go through the real provider code.
 */
export function stripeServerEnv(fake: { apiKey: string; port: number }, webhookSecret: string): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: fake.apiKey,
    STRIPE_PUBLISHABLE_KEY: 'pk_test_tipchatfake',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_URL: `http://127.0.0.1:${fake.port}`,
    DEV_PAYMENTS: 'false',
  };
}

/** Server environment that turns Cashfree on against a fake (its client secret also signs the webhooks), without the dev checkout. */
export function cashfreeServerEnv(fake: { clientId: string; clientSecret: string; origin: string }): Record<string, string> {
  return {
    CASHFREE_CLIENT_ID: fake.clientId,
    CASHFREE_CLIENT_SECRET: fake.clientSecret,
    CASHFREE_ENV: 'sandbox',
    CASHFREE_API_URL: fake.origin,
    DEV_PAYMENTS: 'false',
  };
}

/**
 * Every tip's own ledger postings agree with what the tip says happened to it: unpaid tips moved nothing; a paid
 * tip's channel share plus the fee it still pays equal what was not refunded or lost to a dispute, the fee kept is
 * the fee less its share of what went back, and the provider holds exactly that, less the dispute fees absorbed.
 * A dispute's excess over what was left (not won back) is owed by the channel and gone from the provider; money
 * paid beyond the tip sits in suspense and with the provider.
 */
export async function expectTipLedgersMatchTips(server: TestServer): Promise<void> {
  const rows = await server.app.sql<
    {
      id: string;
      paid: boolean;
      amount: number;
      fee: number;
      reversed: number;
      clearing: number;
      channel: number;
      fees: number;
      losses: number;
      suspense: number;
      excess: number;
    }[]
  >`
    select t.id, t.paid_at is not null as paid, t.amount, t.fee, t.refunded_amount + t.disputed_amount as reversed,
      coalesce(sum(e.amount) filter (where e.account like 'provider:%'), 0)::bigint as clearing,
      coalesce(sum(e.amount) filter (where e.account like 'channel:%'), 0)::bigint as channel,
      coalesce(sum(e.amount) filter (where e.account = ${accounts.platformFees}), 0)::bigint as fees,
      coalesce(sum(e.amount) filter (where e.account = ${accounts.platformDisputeLosses}), 0)::bigint as losses,
      coalesce(sum(e.amount) filter (where e.account = ${accounts.platformSuspense}), 0)::bigint as suspense,
      (select coalesce(sum(d.excess), 0)::bigint from tip_disputes d where d.tip_id = t.id and d.status <> 'won') as excess
    from tips t
    left join ledger_transactions x on x.reference = 'tip:' || t.id
    left join ledger_entries e on e.transaction_id = x.id
    group by t.id`;
  for (const tip of rows) {
    const kept = tip.paid ? tip.amount - tip.reversed : 0;
    const feeKept = tip.paid ? tip.fee - Math.floor((tip.fee * tip.reversed) / tip.amount) : 0;
    expect({ tip: tip.id, channel: tip.channel, fees: tip.fees, clearing: tip.clearing }).toEqual({
      tip: tip.id,
      channel: kept - feeKept - tip.excess,
      fees: feeKept,
      clearing: 0 - kept - tip.losses + tip.excess - tip.suspense,
    });
  }
}
