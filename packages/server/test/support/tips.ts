import type { ChannelConnection, CurrencyCode, TipchatClient } from '@tipchat/sdk';
import { expect } from 'vitest';
import { accounts, ledger } from '../../src/ledger';
import { signUpVerified } from './accounts';
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
