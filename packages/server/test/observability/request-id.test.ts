import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server';
import { newStripeWebhookSecret } from '../support/webhook-delivery';

// Every answer names its request in `x-request-id`, and every log line of the request carries the same id (`reqId`).
// The server logs at debug into `lines`, so the request lines (debug) are there to read.

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  [field: string]: unknown;
}

const lines: LogLine[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
    done();
  },
});
// Stripe with keys that never reach Stripe: only a forged delivery's refusal is logged here.
const server = useTestServer(
  {
    LOG_LEVEL: 'debug',
    STRIPE_SECRET_KEY: 'sk_test_observability',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_observability',
    STRIPE_WEBHOOK_SECRET: newStripeWebhookSecret(),
    STRIPE_API_URL: 'http://127.0.0.1:9',
  },
  { logStream },
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEBUG = 20;
const INFO = 30;
const WARN = 40;

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
const linesOf = (id: string) => lines.filter((line) => line.reqId === id);

describe('the request id', () => {
  it('echoes a sane incoming x-request-id and logs the request under it, at debug', async () => {
    const id = `trace-${process.pid}.A_b-${Date.now()}`;
    const answer = await get('/healthz', { 'x-request-id': id });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe(id);
    const logged = linesOf(id);
    expect(logged.map((line) => [line.msg, line.level])).toEqual([
      ['incoming request', DEBUG],
      ['request completed', DEBUG],
    ]);
    expect(logged[0]).toMatchObject({ req: { method: 'GET', url: '/healthz' } });
    expect(logged[1]).toMatchObject({ res: { statusCode: 200 }, responseTime: expect.any(Number) });
  });

  it('generates one when none is sent, different for every request', async () => {
    const [first, second] = await Promise.all([get('/healthz'), get('/healthz')]);
    const ids = [first?.headers.get('x-request-id'), second?.headers.get('x-request-id')];
    expect(ids).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
    expect(ids[0]).not.toBe(ids[1]);
    expect(linesOf(ids[0] ?? '')).toHaveLength(2);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces and markup', 'id <script>alert(1)</script>'],
    ['with a quote and a comma', 'a",b'],
    ['with a path', '../../etc/passwd'],
  ])('replaces a hostile one (%s) with its own', async (_name, hostile) => {
    const answer = await get('/healthz', { 'x-request-id': hostile });
    const id = answer.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(linesOf(id ?? '')).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain(hostile);
  });

  it('keeps the longest sane id as it is', async () => {
    const id = 'x'.repeat(128);
    expect((await get('/healthz', { 'x-request-id': id })).headers.get('x-request-id')).toBe(id);
  });

  it('logs a 404 at debug too, without the query string', async () => {
    const answer = await get('/no-such-page?token=secret', { 'x-request-id': 'not-found-check' });
    expect(answer.status).toBe(404);
    expect(linesOf('not-found-check').map((line) => [line.msg, line.level])).toEqual([
      ['incoming request', DEBUG],
      ['request completed', DEBUG],
    ]);
    expect(linesOf('not-found-check')[0]).toMatchObject({ req: { url: '/no-such-page?token=[redacted]' } });
    expect(linesOf('not-found-check')[1]).toMatchObject({ res: { statusCode: 404 } });
  });

  it('is on error answers too: a 404, a validation 400, a broken URL, a 401', async () => {
    for (const path of ['/no-such-page', '/api/v1/channels/%E0%A4%A', '/api/v1/user/me', '/metrics']) {
      const answer = await get(path, { 'x-request-id': 'err-check' });
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.headers.get('x-request-id'), path).toBe('err-check');
    }
  });

  it('is readable by browser scripts on other origins (CORS), with Retry-After', async () => {
    const answer = await get('/api/v1/channels/anything', { origin: 'https://streamer.example' });
    const exposed = answer.headers.get('access-control-expose-headers')?.split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['x-request-id', 'retry-after']));
  });

  it("puts the id on the request's own lines too (a refused webhook's warning); no request line is at info", async () => {
    const id = `hook-${Date.now()}`;
    const answer = await fetch(`${server.url}/api/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00', 'x-request-id': id },
      body: JSON.stringify({ id: 'evt_forged', type: 'payment_intent.succeeded' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-request-id')).toBe(id);
    expect(linesOf(id).map((line) => [line.msg, line.level])).toEqual([
      ['incoming request', DEBUG],
      ['webhook refused', WARN],
      ['request completed', DEBUG],
    ]);
    expect(lines.filter((line) => line.level >= INFO && /request/.test(line.msg))).toEqual([]);
  });

  it('is not a metrics endpoint when METRICS_TOKEN is unset', async () => {
    expect(server.config.metricsToken).toBeUndefined();
    expect((await get('/metrics')).status).toBe(404);
  });
});
