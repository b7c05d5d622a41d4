import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_PATHS, FLOOD, guestsFor, mostPerWindow, parseChatOptions } from '../src/chat/options';
import { type ChatPhaseRun, chatText } from '../src/chat/phase';
import { chatGoals, renderChatPhases, summarizeChatPhase } from '../src/chat/report';
import { ChatRefused, ChatRestClient } from '../src/chat/rest-client';
import { guestAddress } from '../src/chat/setup';
import { blockLength, blockOf, leadBlocks, SocketSenders } from '../src/chat/socket-senders';
import { goal, notMeasured, renderGoals, times } from '../src/done-when';
import { Histogram, readStamp } from '../src/latency';
import { DEFAULT_ADMIN_URL } from '../src/tips/options';

describe('bench:chat options', () => {
  it('has defaults for the issue: 250, 500 and 750 msg/s over both paths with 50 receivers', () => {
    expect(parseChatOptions([], {})).toEqual({
      rates: [250, 500, 750],
      seconds: 10,
      paths: ['rest', 'socket'],
      receivers: 50,
      inFlight: 64,
      guests: 0,
      block: 4,
      leadMs: 250,
      warmupSeconds: 2,
      drainSeconds: 5,
      maxMinutes: 20,
      adminUrl: DEFAULT_ADMIN_URL,
    });
  });

  it('takes rates from the environment, flags over it, and the admin URL from DATABASE_URL', () => {
    const env = { BENCH_CHAT_RATE: '100', DATABASE_URL: 'postgres://admin@db:5432/postgres' };
    expect(parseChatOptions([], env)).toMatchObject({ rates: [100], adminUrl: 'postgres://admin@db:5432/postgres' });
    expect(parseChatOptions(['--rate', '300,600', '--paths', 'socket'], env)).toMatchObject({ rates: [300, 600], paths: ['socket'] });
  });

  it('refuses unknown paths, blocks over the flood limit and rates that are not positive; --help is null', () => {
    expect(() => parseChatOptions(['--paths', 'rest,carrier-pigeon'], {})).toThrow('unknown path "carrier-pigeon"');
    expect(() => parseChatOptions(['--block', '6'], {})).toThrow('--block must be at most 5');
    expect(() => parseChatOptions(['--rate', '0'], {})).toThrow('--rate must be a positive number');
    expect(parseChatOptions(['--help'], {})).toBeNull();
    expect(CHAT_PATHS).toEqual(['rest', 'socket']);
  });
});

describe('spreading the sends over guests', () => {
  it('gives every guest an address of its own', () => {
    const addresses = Array.from({ length: 3000 }, (_, i) => guestAddress(i));
    expect(new Set(addresses).size).toBe(3000);
    expect(addresses.slice(0, 2)).toEqual(['10.88.0.1', '10.88.0.2']);
    expect(guestAddress(255)).toBe('10.88.1.0');
    expect(() => guestAddress(70_000)).toThrow('at most');
  });

  it('has enough guests by default that no path reaches the per-viewer flood limit', () => {
    for (const rate of [10, 250, 500, 750, 1000]) {
      const guests = guestsFor(rate, 4);
      expect(mostPerWindow('rest', rate, guests, 4)).toBeLessThanOrEqual(FLOOD.perViewer);
      expect(mostPerWindow('socket', rate, guests, 4)).toBeLessThanOrEqual(FLOOD.perViewer);
    }
  });

  it('notices when too few guests would be refused', () => {
    expect(mostPerWindow('rest', 500, 500, 4)).toBe(11);
    expect(mostPerWindow('socket', 500, 1000, 4)).toBe(8);
  });

  it('cuts the socket path into blocks, the last one short, and opens sockets the lead time ahead', () => {
    expect([0, 3, 4, 9].map((i) => blockOf(i, 4))).toEqual([0, 0, 1, 2]);
    expect([0, 1, 2, 3].map((b) => blockLength(b, 4, 10))).toEqual([4, 4, 2, 0]);
    expect(leadBlocks(250, 500, 4)).toBe(32);
    expect(leadBlocks(0, 500, 4)).toBe(1);
  });

  it('stamps a chat text with its phase and send time, readable by the receivers', () => {
    const text = chatText('[p3]', 12, 987654321);
    expect(text.startsWith('[p3]')).toBe(true);
    expect(readStamp(text)).toBe(987654321);
    expect(text).not.toMatch(/https?:|www\./);
  });
});

describe('a chat phase summary', () => {
  const histogram = new Histogram();
  for (let i = 1; i <= 100; i++) histogram.record(i * 1000);
  const run: ChatPhaseRun = {
    path: 'rest',
    rate: 500,
    count: 20,
    receiverCount: 50,
    sends: {
      startedAt: Float64Array.from({ length: 20 }, (_, i) => i * 2000),
      finishedAt: Float64Array.from({ length: 20 }, (_, i) => (i === 19 ? Number.NaN : i * 2000 + 1000)),
      late: 0,
      unsent: 0,
      longestWaitMicros: 0,
      failed: 1,
      errors: { RATE_LIMITED: 1 },
      firstError: 'chat send → 429',
    },
    report: {
      deliveries: 19 * 50,
      fewest: 19,
      most: 19,
      lastAtMicros: 50_000,
      histogram: histogram.sparse(),
      cpuMicros: 1000,
      open: 50,
      dropped: 0,
    },
    cpu: { wallMicros: 100_000, server: 30_000, database: 8_000, bench: 5_000, other: 0 },
    receiversCpuMicros: 1000,
    senders: null,
    lastSendMicros: 38_000,
  };

  it('counts accepted messages, refusals by code, latencies and CPU per accepted message', () => {
    const summary = summarizeChatPhase(run);
    expect(summary).toMatchObject({ offered: 20, accepted: 19, refused: { RATE_LIMITED: 1 }, deliveries: 950, expected: 950 });
    expect(summary.acceptedPerSecond).toBeCloseTo(500, 0);
    expect(summary.ack.p50).toBe(1);
    expect(summary.cpuMsPerMessage).toBeCloseTo(2);
    expect(summary.delivery.p50).toBeGreaterThan(49);
    expect(summary.delivery.p50).toBeLessThan(51);
    expect(summary.delivery.p99).toBeLessThan(100);
  });

  it('renders a table and says what was refused', () => {
    const text = renderChatPhases([summarizeChatPhase(run)]);
    expect(text).toContain('| rest ');
    expect(text).toContain('100.0%');
    expect(text).toContain('rest at 500/s: refused 1 RATE_LIMITED');
  });

  it('holds the phase at 500/s against the issue targets and names the command for what was not run', () => {
    const goals = chatGoals([summarizeChatPhase(run)]);
    expect(goals[0]).toMatchObject({ target: '≥ 500', measured: '500', met: true });
    expect(goals[1]).toMatchObject({ target: '≤ 250 ms', met: true });
    expect(goals[2]).toMatchObject({ measured: '', met: null, how: 'pnpm bench:chat --rate 500 --paths socket' });
  });
});

describe('done-when goals', () => {
  it('compares against at-most and at-least targets; not measured is neither met nor not', () => {
    expect(goal('ratio', 1.2, { atMost: 1.5, format: times, how: 'x' })).toMatchObject({ target: '≤ ×1.50', measured: '×1.20', met: true });
    expect(goal('rate', 120, { atLeast: 150, format: String, how: 'x' })).toMatchObject({ met: false });
    expect(goal('rate', Number.NaN, { atLeast: 150, format: String, how: 'x' })).toMatchObject({ measured: '', met: null });
    expect(goal('rate', 200, { atLeast: 150, format: String, how: 'x', comparable: false })).toMatchObject({ measured: '200', met: null });
  });

  it('renders verdicts', () => {
    const text = renderGoals('Done when', [
      goal('a', 1, { atMost: 2, format: String, how: 'h' }),
      goal('b', 3, { atMost: 2, format: String, how: 'h' }),
      notMeasured('c', '≥ 1', 'pnpm bench:c'),
    ]);
    expect(text).toMatch(/\| a .*\| met /);
    expect(text).toMatch(/\| b .*\| NOT MET /);
    expect(text).toMatch(/\| c .*\| not measured .*pnpm bench:c/);
  });
});

describe('the REST sender', () => {
  let server: HttpServer;
  let base: string;
  const seen: Array<{ url: string | undefined; auth: string | undefined; ip: string | string[] | undefined; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        seen.push({ url: req.url, auth: req.headers.authorization, ip: req.headers['x-forwarded-for'], body });
        if (body.includes('flood')) {
          res
            .writeHead(429, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'slow down' } }));
        } else {
          res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"m1"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts as the guest from its address, and turns a refusal into its API code', async () => {
    const client = new ChatRestClient(base, 'my-channel', 4);
    try {
      await client.send('hello', { token: 'gt_1', ip: '10.88.0.1' });
      const refused = await client.send('flood', { token: 'gt_2', ip: '10.88.0.2' }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ChatRefused);
      expect((refused as ChatRefused).code).toBe('RATE_LIMITED');
      expect(seen[0]).toEqual({
        url: '/api/v1/channels/my-channel/chat/messages',
        auth: 'Bearer gt_1',
        ip: '10.88.0.1',
        body: '{"text":"hello"}',
      });
    } finally {
      client.close();
    }
  });
});

describe('the socket senders', () => {
  let http: HttpServer;
  let io: Server;
  let base: string;
  const handshakes: Array<{ token: unknown; ip: unknown }> = [];
  const received: Array<{ token: unknown; text: string }> = [];

  beforeAll(async () => {
    http = createServer();
    io = new Server(http, { path: '/socket.io/' });
    io.on('connection', (socket) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      handshakes.push({ token, ip: socket.handshake.headers['x-forwarded-for'] });
      // As the tipchat gateway: `ready` first, chat:send answered by an ack.
      socket.on('chat:send', (body: { text: string }, ack: (result: unknown) => void) => {
        received.push({ token, text: body.text });
        if (body.text.includes('#5 ')) ack({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } });
        else ack({ ok: true, message: { text: body.text } });
      });
      socket.emit('ready', { lastSeq: 0, role: 'viewer', viewerId: 'v' });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    io.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it('sends each block from its own guest socket with the guest address, and leaves once the block is answered', async () => {
    const guests = [
      { token: 'gt_a', ip: '10.88.0.1' },
      { token: 'gt_b', ip: '10.88.0.2' },
      { token: 'gt_c', ip: '10.88.0.3' },
    ];
    const senders = new SocketSenders(base, 'my-channel', guests, 6, {
      blockSize: 2,
      leadBlocks: 1,
      ackTimeoutMs: 5_000,
      connectTimeoutMs: 5_000,
    });
    await senders.prime();
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => senders.send(i, (at) => `[t] message #${i} ~t${at}~`)));
    const stats = senders.close();
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    const refusal = (results[5] as PromiseRejectedResult).reason as ChatRefused;
    expect(refusal.code).toBe('RATE_LIMITED');
    expect(received.map((r) => r.token)).toEqual(['gt_a', 'gt_a', 'gt_b', 'gt_b', 'gt_c', 'gt_c']);
    expect(handshakes).toEqual(guests.map((g) => ({ token: g.token, ip: g.ip })));
    expect(stats).toMatchObject({ connects: 3, connectFailures: 0 });
    expect(stats.maxOnline).toBeGreaterThanOrEqual(1);
    await expect.poll(() => io.of('/').sockets.size).toBe(0);
  });
});
