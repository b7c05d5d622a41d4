import { createServer } from 'node:net';
import type { TipchatClient } from '@tipchat/sdk';
import pino from 'pino';
import { FakeCashfreePayouts } from '../fakes/cashfree-payouts-fake';
import { signUpVerified } from '../support/accounts';
import { startTestServer, type TestServer } from '../support/server';

/** A server whose Cashfree Payouts is the fake, with its log lines kept (they are checked for unmasked numbers). */
export interface PayoutServer {
  server: TestServer;
  fake: FakeCashfreePayouts;
  /** Every log line the server wrote, as JSON text. */
  logLines: string[];
  close(): Promise<void>;
}

export async function startPayoutServer(env: Record<string, string> = {}): Promise<PayoutServer> {
  const fake = await FakeCashfreePayouts.start();
  const server = await startTestServer({
    CASHFREE_PAYOUTS_CLIENT_ID: fake.clientId,
    CASHFREE_PAYOUTS_CLIENT_SECRET: fake.clientSecret,
    CASHFREE_PAYOUTS_API_URL: fake.origin,
    LOG_LEVEL: 'info',
    ...env,
  });
  return { server, fake, logLines: captureLog(server), close: async () => Promise.all([server.close(), fake.close()]).then(() => {}) };
}

/**
 * Takes over the server logger's destination: the lines are kept here instead of printed. Request loggers are
 * children of this one and share its destination.
 */
function captureLog(server: TestServer): string[] {
  const lines: string[] = [];
  const destination = (server.app.log as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
  if (!destination) throw new Error('the server logger has no destination to capture');
  destination.write = (line: string) => {
    lines.push(line);
    return true;
  };
  return lines;
}

export interface Streamer {
  client: TipchatClient;
  channelId: string;
  userId: string;
  slug: string;
}

let streamers = 0;

/** A verified streamer with an INR channel, signed in through the SDK. `fetch` sees every response they get. */
export async function streamer(server: TestServer, options: { fetch?: typeof fetch } = {}): Promise<Streamer> {
  const client = server.client(options.fetch ? { fetch: options.fetch } : {});
  const { session } = await signUpVerified(client);
  const slug = `payee-${process.pid}-${++streamers}`;
  const channel = await client.channels.create({ slug, displayName: `Payee ${streamers}`, currency: 'INR' });
  return { client, channelId: channel.id, userId: session.user.id, slug };
}

let numbers = 0;
/** A 12-digit account number no other test uses. */
export const accountNumber = () => String(501_000_000_000 + process.pid * 1000 + ++numbers);
/** A UPI id no other test uses. */
export const upiId = (handle = 'asha') => `${handle}.${process.pid}.${++numbers}@okhdfcbank`;

/** Cashfree's beneficiary id for our row. */
export const cashfreeId = (beneficiaryId: string) => `tc_${beneficiaryId.replaceAll('-', '')}`;

/** What the beneficiary routes write, summed up; a refused request must leave it as it was. */
export async function beneficiaryWrites(server: TestServer): Promise<{ beneficiaries: number; history: number; digest: string }> {
  const [row] = await server.app.sql<{ beneficiaries: number; history: number; digest: string }[]>`
    select (select count(*)::int from payout_beneficiaries) as beneficiaries,
           (select count(*)::int from payout_beneficiary_history) as history,
           (select md5(coalesce(string_agg(b::text, ',' order by b.id), '')) from payout_beneficiaries b) as digest`;
  if (!row) throw new Error('no counts');
  return row;
}

/** A fetch for the SDK that also keeps the text of every response. */
export function recordingFetch(bodies: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    bodies.push(await response.clone().text());
    return response;
  };
}

/** A loopback port nothing listens on (it was free a moment ago): an unreachable provider. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
