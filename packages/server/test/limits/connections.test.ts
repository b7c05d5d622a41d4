import { connect as tcpConnect } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { signUpVerified } from '../support/accounts';
import { caught } from '../support/errors';
import { eventually, type TestSocket } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';
import { freshIp } from './http';

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
});

/** A raw socket.io client speaking from `ip`; resolves connected, or with the refusal. */
function socketFrom(
  server: TestServer,
  slug: string,
  ip: string,
): Promise<{ socket: TestSocket; refused?: { message: string; data?: { code: string; details?: { retryAfterSeconds?: number } } } }> {
  const socket: TestSocket = io(server.url, {
    transports: ['websocket'],
    auth: { channel: slug },
    extraHeaders: { 'x-forwarded-for': ip },
    reconnection: false,
    forceNew: true,
  });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once('ready', () => resolve({ socket }));
    socket.once('connect_error', (error) => resolve({ socket, refused: error as Error & { data?: { code: string } } }));
  });
}

/** A feed connection from `ip`: the frames it got and how it closed, once it opened. */
function feedFrom(server: TestServer, slug: string, ip: string) {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v1/channels/${slug}/feed`, { headers: { 'x-forwarded-for': ip } });
  open.push(socket);
  const frames: unknown[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, frames, closed, opened };
}

describe('open connections per address', () => {
  let server: TestServer;
  let slug: string;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_IP: '3' });
    const owner = server.client();
    await signUpVerified(owner);
    slug = `conn-cap-${process.pid}`;
    await owner.channels.create({ slug, displayName: 'Connection cap' });
  });
  afterAll(() => server.close());

  it('refuses the socket.io connection past MAX_CONNECTIONS_PER_IP with RATE_LIMITED, and takes another address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await socketFrom(server, slug, ip)).refused).toBeUndefined();
    const over = await socketFrom(server, slug, ip);
    expect(over.refused?.data).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 10 } });
    expect(over.refused?.message).toMatch(/too many open connections/i);
    expect((await socketFrom(server, slug, freshIp())).refused).toBeUndefined();
  });

  it('frees the slot when a connection closes', async () => {
    const ip = freshIp();
    const first = await socketFrom(server, slug, ip);
    await socketFrom(server, slug, ip);
    await socketFrom(server, slug, ip);
    expect((await socketFrom(server, slug, ip)).refused?.data?.code).toBe('RATE_LIMITED');
    first.socket.close();
    await eventually(async () => expect((await socketFrom(server, slug, ip)).refused).toBeUndefined());
  });

  it('counts feed connections with socket.io ones and refuses the feed with an error frame and close 4429', async () => {
    const ip = freshIp();
    await socketFrom(server, slug, ip);
    await socketFrom(server, slug, ip);
    const feed = feedFrom(server, slug, ip);
    await feed.opened;
    const over = feedFrom(server, slug, ip);
    expect(await over.closed).toEqual({ code: 4429, reason: 'too many connections from this address' });
    expect(over.frames).toEqual([{ error: expect.objectContaining({ code: 'RATE_LIMITED' }) }]);
    expect((await socketFrom(server, slug, ip)).refused?.data?.code).toBe('RATE_LIMITED');
    // The feed that got in is still open; another address still gets a feed.
    expect(feed.socket.readyState).toBe(WebSocket.OPEN);
    const other = feedFrom(server, slug, freshIp());
    await other.opened;
    expect(other.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('reaches SDK users as a TipchatError with the code', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) await socketFrom(server, slug, ip);
    const connection = server
      .client()
      .realtime(slug, { socketOptions: { extraHeaders: { 'x-forwarded-for': ip }, transports: ['websocket'] } });
    open.push(connection);
    const error = await caught(connection.connect());
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });
});

/** Writes `head` and then nothing; resolves with what the server answered and when it closed the connection. */
function stall(port: number, head: string): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answer = '';
    const socket = tcpConnect(port, '127.0.0.1', () => socket.write(head));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve({ answer, ms: performance.now() - started }));
    socket.on('error', reject);
    // Far past the timeouts under test: if nothing cut us off by then, the test fails on the assertions.
    setTimeout(() => socket.destroy(), 15_000).unref();
  });
}

describe('slow clients', () => {
  let server: TestServer;
  let port: number;
  let slug: string;
  beforeAll(async () => {
    server = await startTestServer({ REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' });
    port = Number(new URL(server.url).port);
    const owner = server.client();
    await signUpVerified(owner);
    slug = `slow-${process.pid}`;
    await owner.channels.create({ slug, displayName: 'Slow clients' });
  });
  afterAll(() => server.close());

  it('cuts off a request whose body stalls with 408 after REQUEST_TIMEOUT_MS', async () => {
    const head =
      `POST /api/v1/channels/${slug}/viewers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      'Content-Length: 200\r\n\r\n{"displayName":';
    const { answer, ms } = await stall(port, head);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(8_000);
  });

  it('cuts off a client whose headers stall after HEADERS_TIMEOUT_MS', async () => {
    const { answer, ms } = await stall(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(8_000);
  });

  it('leaves socket.io and feed connections open well past those timeouts', async () => {
    const socket = await socketFrom(server, slug, '127.0.0.1');
    expect(socket.refused).toBeUndefined();
    const feed = feedFrom(server, slug, '127.0.0.1');
    await feed.opened;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(socket.socket.connected).toBe(true);
    expect(feed.socket.readyState).toBe(WebSocket.OPEN);
    // Still live: a chat message reaches both.
    const events: unknown[] = [];
    socket.socket.on('event', (event) => events.push(event));
    const joined = await server.client().chat.join(slug, { displayName: 'latecomer' });
    const sent = await fetch(`${server.url}/api/v1/channels/${slug}/chat/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${joined.guestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'still here' }),
    });
    expect(sent.status).toBe(201);
    await eventually(() => {
      expect(feed.frames).toContainEqual(expect.objectContaining({ type: 'chat.message' }));
      expect(events).toContainEqual(expect.objectContaining({ type: 'chat.message' }));
    });
  });
});
