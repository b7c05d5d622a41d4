import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server';

// A server's close must end: a restart or deploy waits on it. Node's own close waits for every connection that is
// not between two requests, and a browser keeps pre-connected spare sockets open for as long as the tab lives.

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A raw connection to the server, with everything it received. */
async function rawConnection(server: TestServer): Promise<{ socket: Socket; received: () => string; closed: Promise<unknown> }> {
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close');
  await once(socket, 'connect');
  return { socket, received: () => text, closed };
}

/** Whether `promise` settles before a minute passes (what it guards against is a close that never ends). */
async function endsWithinAMinute(promise: Promise<unknown>): Promise<'ended' | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const waiting = new Promise<'still waiting'>((resolve) => {
    timer = setTimeout(() => resolve('still waiting'), 60_000);
  });
  try {
    return await Promise.race([promise.then(() => 'ended' as const), waiting]);
  } finally {
    clearTimeout(timer);
  }
}

describe('closing the server', () => {
  it('does not wait for a connection that has sent nothing, as a browser pre-connects', async () => {
    // A grace far longer than the test: the close can only end by closing the unused connection itself.
    const server = await startTestServer({ SHUTDOWN_GRACE_MS: '600000' });
    const spare = await rawConnection(server);
    expect(await endsWithinAMinute(server.close())).toBe('ended');
    await spare.closed;
    expect(spare.received()).toBe('');
  }, 90_000);

  it('answers a request that was arriving when the close began', async () => {
    const server = await startTestServer({ SHUTDOWN_GRACE_MS: '600000' });
    const client = await rawConnection(server);
    const body = JSON.stringify({ email: 'nobody@example.com', password: 'not the password' });
    client.socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: tipchat\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    // The request is routed once its headers are in; only then may the close begin.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = server.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.socket.write(body.slice(10));
    expect(await endsWithinAMinute(closing)).toBe('ended');
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(client.received()).toContain('"code":"INVALID_CREDENTIALS"');
  }, 90_000);

  it('cuts a half-sent request when the grace is over, and says so in the log', async () => {
    const lines: LogLine[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    const server = await startTestServer({ SHUTDOWN_GRACE_MS: '300', LOG_LEVEL: 'warn' }, undefined, { logStream });
    const slow = await rawConnection(server);
    slow.socket.write('GET /healthz HTTP/1.1\r\nHost: tipc');
    expect(await endsWithinAMinute(server.close())).toBe('ended');
    await slow.closed;
    expect(slow.received()).toBe('');
    expect(lines.filter((line) => line.msg.startsWith('shutdown grace over'))).toEqual([
      expect.objectContaining({ level: 40, stillOpen: 1, graceMs: 300 }),
    ]);
  }, 90_000);
});
