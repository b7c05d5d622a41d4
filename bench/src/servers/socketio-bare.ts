import Fastify from 'fastify';
import { Server } from 'socket.io';
import { chatEvent, measured } from './measure';

/**
 * Baseline 1: Fastify + socket.io and nothing else. POST /send broadcasts to one room, the way
 * tipchat's relay does, with the same socket.io settings; no auth, no database, no event log.
 */
const app = Fastify({ logger: false });
const io = new Server(app.server, {
  path: '/socket.io/',
  serveClient: false,
  maxHttpBufferSize: 16 * 1024,
  pingInterval: 20_000,
  pingTimeout: 20_000,
});
const ROOM = 'ch:bench';
io.on('connection', (socket) => {
  socket.join(ROOM);
  socket.emit('ready', { lastSeq: 0, role: 'anonymous', viewerId: null });
});

let seq = 0;
app.post<{ Body: { text: string } }>('/send', async (request) => {
  seq++;
  io.to(ROOM).emit('event', chatEvent(seq, request.body.text));
  return { seq };
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
measured(address.port, async () => {
  io.local.disconnectSockets(true);
  await app.close();
});
