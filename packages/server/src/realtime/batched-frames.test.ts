import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { batchWebSocketFlushes, corkUntilTickEnds } from './batched-frames';

/**
 * A bare socket.io server (no tipchat around it) with and without the batching, real clients, and
 * a count of the writes that reach the TCP socket under the server's end of the connection.
 */
const BURST = 12;

interface Harness {
  http: HttpServer;
  io: Server;
  client: ClientSocket;
  server: ServerSocket;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const { io, client, http } of harnesses.splice(0)) {
    client.close();
    await io.close();
    http.closeAllConnections();
  }
});

async function harness(options: { batched: boolean; transports: ('polling' | 'websocket')[] }): Promise<Harness> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  if (options.batched) batchWebSocketFlushes(io);
  const connected = new Promise<ServerSocket>((resolve) => io.on('connection', resolve));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const client = connect(`http://127.0.0.1:${port}`, { transports: options.transports, reconnection: false });
  const made = { http, io, client, server: await connected };
  harnesses.push(made);
  if (options.transports.includes('polling')) {
    // Wait for the move to WebSocket on both ends before measuring.
    await new Promise<void>((resolve) => client.io.engine.once('upgrade', () => resolve()));
    while (made.server.conn.transport.name !== 'websocket') await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return made;
}

/** Counts the writes the server's end hands to the kernel (Writable's `_write`/`_writev`, what `uncork` flushes through). */
function countWrites(server: ServerSocket): () => number {
  return countTcpWrites(Reflect.get(Reflect.get(server.conn.transport, 'socket') as object, '_socket') as Duplex);
}

function countTcpWrites(tcp: Duplex): () => number {
  let writes = 0;
  const write = tcp._write.bind(tcp);
  const writev = tcp._writev?.bind(tcp);
  tcp._write = (chunk, encoding, callback) => {
    writes++;
    write(chunk, encoding, callback);
  };
  if (writev) {
    tcp._writev = (chunks, callback) => {
      writes++;
      writev(chunks, callback);
    };
  }
  return () => writes;
}

/** Emits BURST events in one tick, as the relay publishes a batch, and waits for the client to have them all. */
async function burst(h: Harness, emit: (n: number) => void): Promise<number[]> {
  const received: number[] = [];
  const all = new Promise<void>((resolve) =>
    h.client.on('event', (n: number) => {
      received.push(n);
      if (received.length === BURST) resolve();
    }),
  );
  for (let n = 1; n <= BURST; n++) emit(n);
  await all;
  return received;
}

describe('batched WebSocket flushes', () => {
  const inOrder = Array.from({ length: BURST }, (_, i) => i + 1);

  it('sends a burst of events to a socket in at most two writes, all of them, in order', async () => {
    const h = await harness({ batched: true, transports: ['websocket'] });
    const writes = countWrites(h.server);
    expect(await burst(h, (n) => h.server.emit('event', n))).toEqual(inOrder);
    // The first event goes out alone (nothing is queued yet); the rest queue behind it and leave as one.
    expect(writes()).toBeLessThanOrEqual(2);
  });

  it('batches a room broadcast (pre-encoded frames) to each socket in the room', async () => {
    const h = await harness({ batched: true, transports: ['websocket'] });
    await h.server.join('room');
    const writes = countWrites(h.server);
    expect(await burst(h, (n) => h.io.to('room').emit('event', n))).toEqual(inOrder);
    expect(writes()).toBeLessThanOrEqual(2);
  });

  it('batches a client that started on long-polling once it moved to WebSocket', async () => {
    const h = await harness({ batched: true, transports: ['polling', 'websocket'] });
    const writes = countWrites(h.server);
    expect(await burst(h, (n) => h.server.emit('event', n))).toEqual(inOrder);
    expect(writes()).toBeLessThanOrEqual(2);
  });

  it('without it, every event is a write of its own (what the batching saves)', async () => {
    const h = await harness({ batched: false, transports: ['websocket'] });
    const writes = countWrites(h.server);
    expect(await burst(h, (n) => h.server.emit('event', n))).toEqual(inOrder);
    expect(writes()).toBe(BURST);
  });
});

describe('a plain ws connection corked until the tick ends (the JSON feed)', () => {
  const inOrder = Array.from({ length: BURST }, (_, i) => i + 1);

  /** A bare ws server; sends BURST frames one promise job after another, as the feed's chain does. */
  async function feedBurst(corked: boolean): Promise<{ received: number[]; writes: number }> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    const serverEnd = await accepted;
    await new Promise<void>((resolve) => (client.readyState === client.OPEN ? resolve() : client.once('open', () => resolve())));
    const writes = countTcpWrites(Reflect.get(serverEnd, '_socket') as Duplex);
    const received: number[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (data) => {
        received.push(Number(String(data)));
        if (received.length === BURST) resolve();
      }),
    );
    let chain = Promise.resolve();
    for (let n = 1; n <= BURST; n++) {
      chain = chain.then(async () => {
        if (corked) corkUntilTickEnds(serverEnd);
        serverEnd.send(String(n));
      });
    }
    await all;
    // Counted before closing: the server's end answers the close with a frame of its own.
    const counted = writes();
    client.close();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    return { received, writes: counted };
  }

  it('sends frames sent one promise job after another in one write, all of them, in order', async () => {
    const { received, writes } = await feedBurst(true);
    expect(received).toEqual(inOrder);
    expect(writes).toBe(1);
  });

  it('without it, every frame is a write of its own', async () => {
    const { received, writes } = await feedBurst(false);
    expect(received).toEqual(inOrder);
    expect(writes).toBe(BURST);
  });
});
