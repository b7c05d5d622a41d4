import { Duplex } from 'node:stream';
import type { Server, Socket } from 'socket.io';

/** engine.io's connection under a socket.io socket, and the transport it speaks through (socket.io's own typings). */
type EngineConnection = Socket['conn'];
type Transport = EngineConnection['transport'];

/**
 * One write to a viewer's connection per flush, not one per event.
 *
 * engine.io queues the packets for a connection while its previous write is out, then flushes the
 * queue through the transport; its WebSocket transport hands each packet to `ws` on its own, and
 * `ws` writes each frame to the socket at once: a system call (and on loopback or a VM, the
 * receiver's wake-up) per event per viewer. A busy channel's queue is exactly the case that adds
 * up — the chat messages of one relay batch, the four events of a paid tip — times every viewer in
 * the room. Corking the TCP socket for the length of the flush sends the whole queue in one write;
 * nothing waits longer, since the flush uncorks before it returns. (`ws` leaves this to its users:
 * websockets/ws#1999 points to `websocket._socket.cork()`.)
 *
 * HTTP long-polling already sends a flush as one response. A transport that does not look like
 * engine.io's WebSocket one (no TCP socket under it) is left as it is.
 */
export function batchWebSocketFlushes(io: Server): void {
  io.engine.on('connection', (connection: EngineConnection) => {
    corkEachFlush(connection.transport);
    // Clients that start on long-polling move to a WebSocket transport later.
    connection.on('upgrade', (transport: Transport) => corkEachFlush(transport));
  });
}

function corkEachFlush(transport: Transport): void {
  if (transport.name !== 'websocket') return;
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    const socket = packets.length > 1 ? tcpSocketUnder(Reflect.get(transport, 'socket')) : null;
    if (socket === null) return send(packets);
    socket.cork();
    try {
      send(packets);
    } finally {
      socket.uncork();
    }
  };
}

/**
 * The same for a plain `ws` connection (the JSON feed), which has no queue of its own: the frames
 * sent to it until this tick's callbacks and promise jobs have run — a relay batch handed on event
 * by event, a page of catch-up — leave in one write. The first send corks; the uncork is queued
 * behind them (`process.nextTick` runs once the promise jobs already queued are done).
 */
export function corkUntilTickEnds(webSocket: object): void {
  const socket = tcpSocketUnder(webSocket);
  if (socket === null || socket.writableCorked > 0) return;
  socket.cork();
  process.nextTick(() => socket.uncork());
}

/** The TCP socket under a `ws` connection, if it is where ws 8 keeps it and still open. */
function tcpSocketUnder(webSocket: unknown): Duplex | null {
  if (typeof webSocket !== 'object' || webSocket === null) return null;
  const socket: unknown = Reflect.get(webSocket, '_socket');
  return socket instanceof Duplex && !socket.destroyed ? socket : null;
}
