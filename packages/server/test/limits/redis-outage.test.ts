import { Writable } from 'node:stream';
import type { TipchatClient, TipperTip } from '@tipchat/sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, signUpVerified } from '../support/accounts';
import { connectSocket, eventually } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';
import { channelMoney, expectLedgerBalanced, type TipChannel, tipChannel } from '../support/tips';
import { call, freshIp, type Timed, tipBody } from './http';
import { freePort, RedisServer } from './redis-server';

/**
 * Redis killed (SIGKILL) and restarted under load, against a real redis-server this test starts.
 * While it is away: /readyz answers 503, and chat, sign-in, joins and tips answer 503 with a retry
 * hint within a second or two, never 500; money keeps flowing through the database. One log line
 * says Redis is gone and one that it is back. When it returns, everything recovers by itself.
 */
let redis: RedisServer;
let server: TestServer;
let channel: TipChannel;
let email: string;
let guestToken: string;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  redis = new RedisServer(await freePort());
  await redis.start();
  server = await startTestServer({
    REDIS_URL: redis.url,
    TRUST_PROXY: 'true',
    CHAT_FLOOD_VIEWER_MAX: '100000',
    CHAT_FLOOD_IP_MAX: '100000',
    RELAY_SWEEP_MS: '100',
    DEV_PAYMENT_DELAY_MS: '50',
  });
  // The app's own logger, written here instead of nowhere (the test servers log nothing by default).
  const log = server.app.log as unknown as Record<symbol, unknown> & { level: string };
  log[pino.symbols.streamSym] = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  log.level = 'info';
  channel = await tipChannel(server, 'USD', 'redis-outage');
  const streamer = server.client();
  email = (await signUpVerified(streamer)).email;
  const joined = await call(server, 'POST', `/api/v1/channels/${channel.slug}/viewers`, { ip: freshIp(), body: { displayName: 'steady' } });
  guestToken = String(joined.body.guestToken);
});
afterAll(async () => {
  await server?.close();
  await redis?.kill();
});

const chatSend = (text: string) =>
  call(server, 'POST', `/api/v1/channels/${channel.slug}/chat/messages`, { ip: freshIp(), token: guestToken, body: { text } });
const signIn = () => call(server, 'POST', '/api/v1/auth/login', { ip: freshIp(), body: { email, password: PASSWORD } });
const readyz = () => call(server, 'GET', '/readyz');
const redisLogs = (state: 'down' | 'up') => logs.filter((line) => line.redis === state);

/** Chat sends, sign-ins and readiness checks, each in a loop of its own, until stopped. */
function load() {
  const answers: Array<Timed & { kind: string }> = [];
  let running = true;
  let sent = 0;
  const loop = async (kind: string, make: () => Promise<Timed>, pauseMs: number) => {
    while (running) {
      // A refused connection is recorded as status 0 (and fails the checks below), not thrown after the test.
      answers.push({ kind, ...(await make().catch((): Timed => ({ status: 0, ms: 0, retryAfter: null, body: {} }))) });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const loops = [loop('chat', () => chatSend(`load ${++sent}`), 50), loop('sign-in', signIn, 150), loop('readyz', readyz, 100)];
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

/** A 503 in the standard shape, with a retry hint in the header and the body, answered fast. */
function expectUnavailable(answer: Timed, code = 'SERVICE_UNAVAILABLE'): void {
  expect(answer.status).toBe(503);
  expect(answer.body.error?.code).toBe(code);
  expect(answer.ms).toBeLessThan(2_000);
  if (code === 'SERVICE_UNAVAILABLE') {
    expect(answer.retryAfter).toBe('1');
    expect(answer.body.error?.details).toEqual({ retryAfterSeconds: 1 });
  }
}

describe('Redis killed and restarted under load', () => {
  it('answers 503 fast while Redis is away, logs each change once, loses nothing and recovers by itself', async () => {
    const viewer = server.client();
    const paidBefore = await viewer.tips.create(channel.slug, { amount: 1_000, currency: 'USD', displayName: 'Before' });
    await viewer.tips.devCheckout(paidBefore.tip.id, 'succeed');
    const paidDuring = await viewer.tips.create(channel.slug, { amount: 2_000, currency: 'USD', displayName: 'During' });
    const receiver = await connectSocket(server.url, channel.slug, guestToken);
    const running = load();
    try {
      await outageUnderLoad(running, receiver, viewer, paidBefore, paidDuring);
    } finally {
      await running.stop();
      receiver.close();
    }
    // It waits on purpose (an outage of a few seconds, Redis starting again): more than the default budget.
  }, 90_000);
});

async function outageUnderLoad(
  running: ReturnType<typeof load>,
  receiver: Awaited<ReturnType<typeof connectSocket>>,
  viewer: TipchatClient,
  paidBefore: TipperTip,
  paidDuring: TipperTip,
): Promise<void> {
  await eventually(() => {
    expect(running.answers.filter((a) => a.kind === 'chat' && a.status === 201).length).toBeGreaterThan(3);
    expect(running.answers.filter((a) => a.kind === 'sign-in' && a.status === 200).length).toBeGreaterThan(1);
  });
  expect((await readyz()).body).toMatchObject({ status: 'ready', redis: 'ok' });

  await redis.kill();
  const killedAt = running.answers.length;
  await eventually(async () => expect((await readyz()).status).toBe(503), 3_000);
  const notReady = await readyz();
  expectUnavailable(notReady, 'NOT_READY');
  expect(notReady.body.error?.message).toBe('Redis is not reachable');

  // Every stranger-facing write that counts in Redis says "try again shortly", within a second or two.
  expectUnavailable(await chatSend('while redis is away'));
  expectUnavailable(await signIn());
  expectUnavailable(
    await call(server, 'POST', `/api/v1/channels/${channel.slug}/viewers`, { ip: freshIp(), body: { displayName: 'newcomer' } }),
  );
  expectUnavailable(await call(server, 'POST', `/api/v1/channels/${channel.slug}/tips`, { ip: freshIp(), body: tipBody() }));
  const started = performance.now();
  const ack = await receiver.socket.timeout(5_000).emitWithAck('chat:send', { text: 'over the socket' });
  expect(ack).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE' } });
  expect(performance.now() - started).toBeLessThan(2_000);

  // Money does not need Redis: a payment confirmed now is booked (and its broadcast does not crash the process).
  expect((await viewer.tips.devCheckout(paidDuring.tip.id, 'succeed')).tip.status).toBe('succeeded');

  // Several reconnect attempts fail meanwhile; the log says so once.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(redisLogs('down')).toHaveLength(1);
  expect(redisLogs('down')[0]).toMatchObject({ level: 50 });
  expect(redisLogs('up')).toHaveLength(0);

  await redis.start();
  await eventually(async () => expect((await readyz()).status).toBe(200), 10_000);
  const answers = await running.stop();

  // Back by itself, without a restart of tipchat.
  expect((await readyz()).body).toMatchObject({ status: 'ready', redis: 'ok' });
  const after = await chatSend('redis is back');
  expect(after.status).toBe(201);
  expect((await signIn()).status).toBe(200);
  // Fan-out through the socket.io adapter is back too: the receiver sees the message.
  await eventually(() =>
    expect(receiver.events).toContainEqual(
      expect.objectContaining({ type: 'chat.message', data: expect.objectContaining({ text: 'redis is back' }) }),
    ),
  );
  expect(redisLogs('down')).toHaveLength(1);
  expect(redisLogs('up')).toHaveLength(1);

  // Under load: never a 500, every answer bounded, and the outage answered 503 (never a hang).
  expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
  expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(2_500);
  const outage = answers.slice(killedAt);
  expect(outage.filter((a) => a.kind === 'chat').map((a) => a.status)).toContain(503);
  expect(outage.filter((a) => a.kind === 'sign-in').map((a) => a.status)).toContain(503);
  expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 201, 503]));

  // Money: both tips booked, the ledger balanced.
  const money = await channelMoney(server, channel.id, 'USD');
  expect(money.pending + money.available).toBe(paidBefore.fee.net + paidDuring.fee.net);
  await expectLedgerBalanced(server);
}
