import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { tipChannel } from '../support/tips';
import { call, deviceToken, freshIp, type Timed, tipBody } from './http';

/**
 * The per-minute limits on work a stranger can start without an account: tips (each may call the
 * payment provider) and guest joins (each makes an identity). Every address here is a fresh
 * X-Forwarded-For value (the server trusts the proxy), so tests do not share counters.
 */
let server: TestServer;
let slug: string;

beforeAll(async () => {
  server = await startTestServer({
    TRUST_PROXY: 'true',
    TIP_RATE_LIMIT_IP: '5',
    TIP_RATE_LIMIT_DEVICE: '3',
    JOIN_RATE_LIMIT_IP: '5',
    JOIN_RATE_LIMIT_DEVICE: '3',
  });
  slug = (await tipChannel(server, 'USD', 'limits')).slug;
});
afterAll(() => server.close());

const startTip = (options: { ip: string; body?: Record<string, unknown>; token?: string }) =>
  call(server, 'POST', `/api/v1/channels/${slug}/tips`, { ip: options.ip, body: tipBody(options.body), token: options.token });

let names = 0;
const join = (options: { ip: string; deviceToken?: string; token?: string }) =>
  call(server, 'POST', `/api/v1/channels/${slug}/viewers`, {
    ip: options.ip,
    token: options.token,
    body: options.token ? {} : { displayName: `guest${++names}`, ...(options.deviceToken ? { deviceToken: options.deviceToken } : {}) },
  });

/** A 429 in the standard shape that says when to retry, in the header and the body alike, within the minute. */
function expectRetryLater(answer: Timed): void {
  expect(answer.status).toBe(429);
  expect(answer.body.error?.code).toBe('RATE_LIMITED');
  const seconds = answer.body.error?.details?.retryAfterSeconds ?? 0;
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(answer.retryAfter).toBe(String(seconds));
}

async function sequentially(count: number, make: (i: number) => Promise<Timed>): Promise<Timed[]> {
  const answers: Timed[] = [];
  for (let i = 0; i < count; i++) answers.push(await make(i));
  return answers;
}

describe('starting tips', () => {
  it('allows TIP_RATE_LIMIT_IP per address per minute, then answers 429 with Retry-After; another address still tips', async () => {
    const ip = freshIp();
    const answers = await sequentially(6, () => startTip({ ip }));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expectRetryLater(answers[5] as Timed);
    expect((await startTip({ ip: freshIp() })).status).toBe(201);
  });

  it('allows TIP_RATE_LIMIT_DEVICE per device token, even when it speaks from a new address each time', async () => {
    const device = deviceToken();
    const answers = await sequentially(4, () => startTip({ ip: freshIp(), body: { deviceToken: device } }));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([201, 201, 201]);
    expectRetryLater(answers[3] as Timed);
    expect((await startTip({ ip: freshIp(), body: { deviceToken: deviceToken() } })).status).toBe(201);
  });

  it('counts a chat credential as a device too', async () => {
    const guest = await join({ ip: freshIp() });
    const token = String(guest.body.guestToken);
    const answers = await sequentially(4, () => startTip({ ip: freshIp(), token }));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([201, 201, 201]);
    expectRetryLater(answers[3] as Timed);
  });

  it('keeps serving another client while one address floods', async () => {
    const baseline = await sequentially(5, () => startTip({ ip: freshIp() }));
    const attacker = freshIp();
    const flood = Promise.all(Array.from({ length: 300 }, () => startTip({ ip: attacker })));
    const during = await sequentially(5, () => startTip({ ip: freshIp() }));
    const attacked = await flood;
    expect(baseline.every((a) => a.status === 201) && during.every((a) => a.status === 201)).toBe(true);
    // The flood started five tips and no more; the rest were refused before any work.
    expect(attacked.filter((a) => a.status === 201)).toHaveLength(5);
    expect(attacked.filter((a) => a.status === 429)).toHaveLength(295);
  });
});

describe('joining the chat', () => {
  it('allows JOIN_RATE_LIMIT_IP guest joins per address per minute, then answers 429 with Retry-After', async () => {
    const ip = freshIp();
    const answers = await sequentially(6, () => join({ ip }));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expectRetryLater(answers[5] as Timed);
    expect((await join({ ip: freshIp() })).status).toBe(201);
  });

  it('allows JOIN_RATE_LIMIT_DEVICE joins per device token across addresses', async () => {
    const device = deviceToken();
    const answers = await sequentially(4, () => join({ ip: freshIp(), deviceToken: device }));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([201, 201, 201]);
    expectRetryLater(answers[3] as Timed);
  });

  it('keeps serving another client while one address floods', async () => {
    const baseline = await sequentially(5, () => join({ ip: freshIp() }));
    const attacker = freshIp();
    const flood = Promise.all(Array.from({ length: 300 }, () => join({ ip: attacker })));
    const during = await sequentially(5, () => join({ ip: freshIp() }));
    const attacked = await flood;
    expect([...baseline, ...during].map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(attacked.filter((a) => a.status === 201)).toHaveLength(5);
    expect(attacked.filter((a) => a.status === 429)).toHaveLength(295);
  });
});

describe('the sign-in routes', () => {
  it('already answer their 429 with Retry-After and retryAfterSeconds', async () => {
    const limited = await startTestServer({ AUTH_RATE_LIMIT: '2' });
    try {
      const body = { email: 'nobody@example.test', password: 'wrong password here' };
      const answers = await sequentially(3, () => call(limited, 'POST', '/api/v1/auth/login', { body }));
      expect(answers.slice(0, 2).map((a) => a.status)).toEqual([401, 401]);
      expectRetryLater(answers[2] as Timed);
    } finally {
      await limited.close();
    }
  });
});
