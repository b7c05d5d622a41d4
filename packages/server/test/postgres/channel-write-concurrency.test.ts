import type { ChannelEvent, ChatMessage, TipchatClient } from '@tipchat/sdk';
import { TipchatError } from '@tipchat/sdk';
import pino from 'pino';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import type { TipchatServer } from '../../src/app';
import { signUpVerified } from '../support/accounts';
import { createTestDatabase, postgresAdminUrl } from '../support/database';
import { startTestServer, type TestServer } from '../support/server';

/**
 * One channel written by many hands at once, on real Postgres with a pool of several connections: a viewer chats
 * while their own tips are created and paid (the tip's chat message names the viewer, so paying it touches the
 * viewer row as well as the channel row), and moderators delete, ban and change settings meanwhile. Every writer of
 * a channel must take its locks in the one documented order; any two that do not deadlock (Postgres 40P01), which a
 * viewer sees as a 500. Everything goes through the public API, as the widget and the dashboard would.
 */

const POOL_SIZE = 10;
const GIVE_UP_AFTER_SERVER_ERRORS = 25;

const SERVER_ENV = {
  // The flood limits guard a person typing; here one viewer sends from several tabs as fast as the server answers.
  CHAT_FLOOD_VIEWER_MAX: '1000000',
  CHAT_FLOOD_IP_MAX: '1000000',
  // succeed_later confirms from the server's own timer, with no request waiting on it.
  DEV_PAYMENT_DELAY_MS: '20',
  LOG_LEVEL: 'error',
  LOG_FORMAT: 'json',
};

// ---------------------------------------------------------------------------------------------------------------
// Every HTTP answer, by route and status.

class Traffic {
  private readonly counts = new Map<string, Map<number, number>>();

  /** A fetch for the SDK client that counts every answer (0: none came). */
  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const route = `${init?.method ?? 'GET'} ${new URL(url).pathname
      .replace(/\/channels\/[^/]+/, '/channels/:slug')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')}`;
    try {
      const response = await globalThis.fetch(input, init);
      this.count(route, response.status);
      return response;
    } catch (error) {
      this.count(route, 0);
      throw error;
    }
  };

  private count(route: string, status: number): void {
    const statuses = this.counts.get(route) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.counts.set(route, statuses);
  }

  /** route -> status -> count, for every answer whose status passes `keep`. */
  summary(keep: (status: number) => boolean = () => true): Record<string, Record<number, number>> {
    const out: Record<string, Record<number, number>> = {};
    for (const [route, statuses] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      const kept = [...statuses].filter(([status]) => keep(status));
      if (kept.length > 0) out[route] = Object.fromEntries(kept);
    }
    return out;
  }

  total(keep: (status: number) => boolean): number {
    let sum = 0;
    for (const statuses of this.counts.values()) for (const [status, n] of statuses) if (keep(status)) sum += n;
    return sum;
  }

  /**
   * Enough server errors to know the answer: the load stops early rather than run on for minutes (on the broken lock
   * order every deadlock stalls its transactions for Postgres' deadlock_timeout before one of them is killed).
   */
  failedEnough(): boolean {
    return this.total(serverError) >= GIVE_UP_AFTER_SERVER_ERRORS;
  }
}

const serverError = (status: number) => status === 0 || status >= 500;

/** An answered refusal (any status) is counted by Traffic and the loop goes on; anything else is a bug in this test. */
function answered(error: unknown): void {
  if (!(error instanceof TipchatError)) throw error;
}

// ---------------------------------------------------------------------------------------------------------------
// The server's own log, kept instead of printed.

/** Error lines the server logs from now on (pino writes each line to its destination stream). */
function serverLog(app: TipchatServer): string[] {
  const lines: string[] = [];
  const destination = (app.log as unknown as Record<symbol, { write(line: string): boolean } | undefined>)[pino.symbols.streamSym];
  if (!destination) throw new Error('the server logger has no destination stream to read');
  destination.write = (line: string) => {
    lines.push(line);
    return true;
  };
  return lines;
}

const deadlockLines = (lines: string[]) => lines.filter((line) => line.includes('40P01') || /deadlock detected/i.test(line));

/** A logged error in one line: Postgres' code, message and detail (who waited for whom), without the stack. */
function briefly(line: string): string {
  try {
    const { msg, err } = JSON.parse(line) as { msg?: string; err?: { code?: string; message?: string; detail?: string } };
    return [msg, err?.code, err?.message, err?.detail].filter(Boolean).join(' | ');
  } catch {
    return line.slice(0, 300);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Postgres' own count of the deadlocks it detected in a database.

async function deadlocksDetected(databaseUrl: string): Promise<number> {
  if (!postgresAdminUrl) throw new Error('this suite needs DATABASE_URL');
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = postgres(postgresAdminUrl, { max: 1, onnotice: () => {} });
  try {
    // A backend reports its statistics when it exits: once the server's connections are gone, the count is complete.
    await expect
      .poll(async () => (await admin<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = ${name}`)[0]?.n)
      .toBe(0);
    await admin`select pg_stat_clear_snapshot()`;
    const [row] = await admin<{ deadlocks: number }[]>`select deadlocks::int as deadlocks from pg_stat_database where datname = ${name}`;
    return row?.deadlocks ?? 0;
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The people.

interface Guest {
  name: string;
  client: TipchatClient;
  viewerId: string;
  deviceToken: string;
}

async function joinAsGuest(server: TestServer, traffic: Traffic, slug: string, name: string): Promise<Guest> {
  const client = server.client({ fetch: traffic.fetch });
  const identity = await client.chat.join(slug, { displayName: name });
  return { name, client, viewerId: identity.viewer.id, deviceToken: identity.deviceToken };
}

interface Load {
  /** Tips to create and pay, a few at a time. */
  tips: number;
  tipWorkers: number;
  /** Chat sends at least; sending goes on until the last tip is done, so the two overlap throughout. */
  chats: number;
  chatWorkers: number;
}

interface PaidTip {
  id: string;
  viewer: Guest;
}

interface GuestRun {
  /** Tips whose checkout was answered 2xx. */
  paid: PaidTip[];
  sent: ChatMessage[];
}

const times = <T>(n: number, work: () => Promise<T>) => Array.from({ length: n }, work);

/**
 * The viewer chats from `chatWorkers` tabs while `tipWorkers` tip forms create tips with the viewer's chat token and
 * device token (linking each tip to the viewer) and pay them; one tip in five is confirmed later, by the server.
 */
async function chatWhileTipping(
  traffic: Traffic,
  slug: string,
  guest: Guest,
  load: Load,
  onSent: (message: ChatMessage) => void = () => {},
): Promise<GuestRun> {
  const run: GuestRun = { paid: [], sent: [] };
  let tipsStarted = 0;
  let tipsDone = 0;
  let chatsTried = 0;
  const tipForm = async () => {
    while (tipsStarted < load.tips && !traffic.failedEnough()) {
      const n = ++tipsStarted;
      try {
        const started = await guest.client.tips.create(slug, {
          amount: 100 * (1 + (n % 20)),
          currency: 'USD',
          displayName: guest.name,
          message: `tip ${n} from ${guest.name}`,
          deviceToken: guest.deviceToken,
        });
        await guest.client.tips.devCheckout(started.tip.id, n % 5 === 0 ? 'succeed_later' : 'succeed');
        run.paid.push({ id: started.tip.id, viewer: guest });
      } catch (error) {
        answered(error);
      } finally {
        tipsDone++;
      }
    }
  };
  const chatTab = async () => {
    while ((chatsTried < load.chats || tipsDone < load.tips) && !traffic.failedEnough()) {
      const n = ++chatsTried;
      try {
        const message = await guest.client.chat.send(slug, `message ${n} from ${guest.name}`);
        run.sent.push(message);
        onSent(message);
      } catch (error) {
        answered(error);
      }
    }
  };
  await Promise.all([...times(load.tipWorkers, tipForm), ...times(load.chatWorkers, chatTab)]);
  return run;
}

// ---------------------------------------------------------------------------------------------------------------
// What must hold afterwards.

/** The whole log as staff see it, paged the way the SDK documents. */
async function wholeLog(staff: TipchatClient, slug: string): Promise<{ events: ChannelEvent[]; lastSeq: number }> {
  const events: ChannelEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await staff.events.after(slug, after, { limit: 1000 });
    events.push(...page.events);
    after = page.lastSeq;
    if (page.events.length < 1000) return { events, lastSeq: page.lastSeq };
  }
}

/** Each tip's status once no confirmation is still on its way (bounded: a confirmation that failed never comes). */
async function settledStatuses(tips: PaidTip[]): Promise<Map<string, string>> {
  const states = await Promise.all(
    tips.map(
      async (tip) =>
        [tip.id, (await tip.viewer.client.tips.waitForPayment(tip.id, { timeoutMs: 15_000, intervalMs: 50 })).tip.status] as const,
    ),
  );
  return new Map(states);
}

/**
 * No 5xx and no deadlock anywhere; every paid tip succeeded with exactly one highlighted chat message naming its
 * viewer; every sent message is in the log at its own sequence; the log is 1..head with no gap.
 */
async function expectConsistent(options: {
  traffic: Traffic;
  log: string[];
  staff: TipchatClient;
  slug: string;
  paid: PaidTip[];
  sent: ChatMessage[];
}): Promise<void> {
  const { traffic, log, staff, slug, paid, sent } = options;
  const everything = JSON.stringify(traffic.summary());
  expect.soft(traffic.summary(serverError), `5xx or no answer, by route (all answers: ${everything})`).toEqual({});
  const deadlocked = deadlockLines(log);
  expect.soft(deadlocked.slice(0, 3).map(briefly), `${deadlocked.length} deadlock errors in the server log`).toEqual([]);

  const statuses = await settledStatuses(paid);
  const notSucceeded = paid.filter((tip) => statuses.get(tip.id) !== 'succeeded').map((tip) => [tip.id, statuses.get(tip.id)]);
  expect.soft(notSucceeded, `paid tips that did not end up succeeded (of ${paid.length})`).toEqual([]);

  const { events, lastSeq } = await wholeLog(staff, slug);
  const seqs = events.map((event) => event.seq);
  const expected = Array.from({ length: lastSeq }, (_, i) => i + 1);
  expect.soft(seqs.length === expected.length && seqs.every((seq, i) => seq === expected[i]), `log 1..${lastSeq} without gaps`).toBe(true);

  const bySeq = new Map(events.map((event) => [event.seq, event]));
  const tipMessages = new Map<string, { viewerId: string | null }[]>();
  const tipSucceeded = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'chat.message' && event.data.tip) {
      const list = tipMessages.get(event.data.tip.id) ?? [];
      list.push({ viewerId: event.data.author.viewerId });
      tipMessages.set(event.data.tip.id, list);
    }
    if (event.type === 'tip.succeeded') tipSucceeded.set(event.data.id, (tipSucceeded.get(event.data.id) ?? 0) + 1);
  }
  const wrongMessages = paid
    .filter((tip) => {
      const messages = tipMessages.get(tip.id) ?? [];
      return messages.length !== 1 || messages[0]?.viewerId !== tip.viewer.viewerId || tipSucceeded.get(tip.id) !== 1;
    })
    .map((tip) => ({ tip: tip.id, messages: tipMessages.get(tip.id)?.length ?? 0, succeeded: tipSucceeded.get(tip.id) ?? 0 }));
  expect.soft(wrongMessages, 'paid tips without exactly one highlighted message (naming the viewer) and one tip.succeeded').toEqual([]);

  const misplaced = sent.filter((message) => {
    const event = bySeq.get(message.seq);
    return event?.type !== 'chat.message' || event.data.id !== message.id;
  });
  expect.soft(misplaced.length, 'sent messages not in the log at their own sequence').toBe(0);
}

/** A fresh database and server with a pool of POOL_SIZE; afterwards, the deadlocks Postgres detected in it. */
async function onFreshServer(work: (server: TestServer, traffic: Traffic, log: string[]) => Promise<void>): Promise<number> {
  const database = await createTestDatabase();
  if (database.config.kind !== 'postgres') throw new Error('this suite needs DATABASE_URL');
  const databaseUrl = database.config.url;
  try {
    const server = await startTestServer(SERVER_ENV, { ...database, config: { ...database.config, poolSize: POOL_SIZE } });
    try {
      await work(server, new Traffic(), serverLog(server.app));
    } finally {
      await server.close();
    }
    return await deadlocksDetected(databaseUrl);
  } finally {
    await database.drop();
  }
}

/** The streamer, signed in, with a new USD channel at `slug`. */
async function streamerChannel(server: TestServer, traffic: Traffic, slug: string): Promise<TipchatClient> {
  const owner = server.client({ fetch: traffic.fetch });
  await signUpVerified(owner);
  await owner.channels.create({ slug, displayName: `Busy ${slug}`, currency: 'USD' });
  return owner;
}

describe('one channel written concurrently on real Postgres', () => {
  it('a viewer chatting while their own tips are created and paid: no 5xx, no deadlock, nothing lost', async () => {
    const deadlocks = await onFreshServer(async (server, traffic, log) => {
      const slug = 'busy-one';
      const owner = await streamerChannel(server, traffic, slug);
      const viewer = await joinAsGuest(server, traffic, slug, 'Viewer');

      const run = await chatWhileTipping(traffic, slug, viewer, { tips: 160, tipWorkers: 4, chats: 320, chatWorkers: 4 });

      expect.soft(run.paid.length, 'tips paid').toBe(160);
      expect.soft(run.sent.length, 'chat messages sent').toBeGreaterThanOrEqual(320);
      await expectConsistent({ traffic, log, staff: owner, slug, paid: run.paid, sent: run.sent });
    });
    expect(deadlocks, 'deadlocks Postgres detected in the database').toBe(0);
  }, 90_000);

  it('two viewers chatting and tipping while moderators delete, ban, unban and change settings', async () => {
    const deadlocks = await onFreshServer(async (server, traffic, log) => {
      const slug = 'busy-two';
      const owner = await streamerChannel(server, traffic, slug);
      const moderator = server.client({ fetch: traffic.fetch });
      const { email: moderatorEmail } = await signUpVerified(moderator, { displayName: 'Mod' });
      await owner.moderation.addModerator(slug, moderatorEmail);
      const alice = await joinAsGuest(server, traffic, slug, 'Alice');
      const bob = await joinAsGuest(server, traffic, slug, 'Bob');
      const carol = await joinAsGuest(server, traffic, slug, 'Carol');

      const deletable: string[] = [];
      const load: Load = { tips: 80, tipWorkers: 3, chats: 160, chatWorkers: 3 };
      let finished = false;
      const viewers = Promise.all([
        chatWhileTipping(traffic, slug, alice, load, (message) => deletable.push(message.id)),
        chatWhileTipping(traffic, slug, bob, load, (message) => deletable.push(message.id)),
        // Banned half the time: her refused sends and tips are expected 403s; what she does get through must hold.
        chatWhileTipping(traffic, slug, carol, { tips: 40, tipWorkers: 2, chats: 80, chatWorkers: 2 }),
      ]).finally(() => {
        finished = true;
      });
      let moderations = 0;
      const moderate = async () => {
        while (!finished) {
          const victim = deletable.shift();
          if (victim) await moderator.chat.delete(slug, victim).catch(answered);
          const ban = await moderator.moderation.ban(slug, { viewerId: carol.viewerId, reason: 'busy' }).catch(answered);
          if (ban) await moderator.moderation.unban(slug, ban.id).catch(answered);
          moderations++;
        }
      };
      let settingsChanges = 0;
      const configure = async () => {
        while (!finished) {
          const flip = ++settingsChanges % 2 === 1;
          await owner.chat.updateSettings(slug, { maxMessageLength: flip ? 180 : 200, linksAllowed: flip }).catch(answered);
        }
      };
      const [runs] = await Promise.all([viewers, moderate(), configure()]);
      const [aliceRun, bobRun, carolRun] = runs;

      expect.soft([aliceRun.paid.length, bobRun.paid.length], 'tips paid by Alice and Bob').toEqual([80, 80]);
      expect.soft(Math.min(aliceRun.sent.length, bobRun.sent.length), 'chat messages sent by each').toBeGreaterThanOrEqual(160);
      expect.soft(moderations, 'rounds of moderation that overlapped the viewers').toBeGreaterThan(0);
      expect.soft(settingsChanges, 'settings changes that overlapped the viewers').toBeGreaterThan(0);
      await expectConsistent({
        traffic,
        log,
        staff: owner,
        slug,
        paid: [...aliceRun.paid, ...bobRun.paid, ...carolRun.paid],
        sent: [...aliceRun.sent, ...bobRun.sent, ...carolRun.sent],
      });
    });
    expect(deadlocks, 'deadlocks Postgres detected in the database').toBe(0);
  }, 90_000);
});
