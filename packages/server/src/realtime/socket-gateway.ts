import { createAdapter } from '@socket.io/redis-adapter';
import type { ClientToServerEvents, RealtimeAuth, ServerToClientEvents } from '@tipchat/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { AppError } from '../errors';
import type { ConnectionLimiter } from '../limits/connection-limiter';
import type { ConnectionChannel, ConnectionIdentity, RealtimeDeps } from './access';
import { adapterClients } from './adapter-clients';
import { batchWebSocketFlushes } from './batched-frames';
import type { Broadcast } from './broadcast';
import { type StoredEvent, stripVisibility } from './event-log';
import { assertKept } from './retention';
import type { SocketHandlers } from './socket-handlers';

interface SocketData {
  channel: ConnectionChannel;
  identity: ConnectionIdentity;
  token: string | undefined;
  ip: string;
}

/** Between tipchat processes (through the Redis adapter): feed events for plain-WebSocket clients. */
interface InterServerEvents {
  feed: (event: StoredEvent, prev: number) => void;
}

type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const publicRoom = (channelId: string) => `ch:${channelId}`;
export const staffRoom = (channelId: string) => `ch:${channelId}:staff`;

/** What a failed handshake or send tells the client, in the API's error vocabulary. */
function errorPayload(error: unknown) {
  if (error instanceof AppError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  return { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again.' };
}

/** The viewer's address for per-IP limits: behind a trusted proxy, the first X-Forwarded-For hop. */
function clientIp(handshake: { address: string; headers: Record<string, string | string[] | undefined> }, trustProxy: boolean): string {
  const forwarded = handshake.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return trustProxy && first ? first : handshake.address;
}

function handshakeAuth(raw: unknown): RealtimeAuth {
  const auth = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof auth.channel !== 'string' || auth.channel.length === 0 || auth.channel.length > 64) {
    throw new AppError('VALIDATION_FAILED', 'Connect with auth.channel set to the channel slug');
  }
  if (auth.token !== undefined && (typeof auth.token !== 'string' || auth.token.length > 4096)) {
    throw new AppError('VALIDATION_FAILED', 'auth.token must be a string');
  }
  if (auth.after !== undefined && !(Number.isSafeInteger(auth.after) && (auth.after as number) >= 0)) {
    throw new AppError('VALIDATION_FAILED', 'auth.after must be a sequence number (an integer, 0 or more)');
  }
  return {
    channel: auth.channel,
    ...(auth.token === undefined ? {} : { token: auth.token }),
    ...(auth.after === undefined ? {} : { after: auth.after as number }),
  };
}

/**
 * socket.io on the Fastify HTTP server. Each socket belongs to one channel: it joins the public
 * room, and staff also the staff room. Events arrive through `broadcast`, this process's in-order
 * stream of every process's events (plugin.ts), which the Redis adapter's `serverSideEmit`
 * carries between processes.
 */
export async function attachSocketGateway(
  app: FastifyInstance,
  deps: RealtimeDeps,
  handlers: SocketHandlers,
  broadcast: Broadcast,
  connections: ConnectionLimiter,
): Promise<GatewayServer> {
  const io: GatewayServer = new Server(app.server, {
    path: '/socket.io/',
    serveClient: false,
    // Upgrades that are not socket.io's belong to the plain-WebSocket feed.
    destroyUpgrade: false,
    cors: { origin: '*' },
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });
  batchWebSocketFlushes(io);

  if (deps.redis) {
    const { pub, sub } = await adapterClients(deps.redis, app.redisHealth);
    io.adapter(createAdapter(pub, sub, { key: `${deps.config.redis?.keyPrefix ?? ''}sio` }));
    app.addHook('onClose', async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    });
  }

  io.use(async (socket, next) => {
    try {
      const auth = handshakeAuth(socket.handshake.auth);
      const channel = await deps.access.channel(auth.channel);
      const identity = await deps.access.identify(channel, auth.token);
      // Resuming after events the log no longer holds: refused with EVENTS_PRUNED, not a silent gap.
      if (auth.after !== undefined) await assertKept(deps.sql, channel.id, auth.after);
      socket.data = { channel, identity, token: auth.token, ip: clientIp(socket.handshake, deps.config.trustProxy) };
      next();
    } catch (error) {
      if (!(error instanceof AppError)) app.log.error({ err: error }, 'socket handshake failed');
      next(Object.assign(new Error(errorPayload(error).message), { data: errorPayload(error) }));
    }
  });

  // Open connections per address. After the checks above, so only a socket about to connect holds a
  // slot; the slot is freed when its transport closes, however that happens.
  io.use((socket, next) => {
    try {
      if (socket.conn.readyState !== 'open') throw new AppError('BAD_REQUEST', 'The connection closed during the handshake');
      socket.conn.once('close', connections.acquire(socket.data.ip));
      next();
    } catch (error) {
      next(Object.assign(new Error(errorPayload(error).message), { data: errorPayload(error) }));
    }
  });

  io.on('connection', async (socket: GatewaySocket) => {
    const { channel, identity } = socket.data;
    // Before the first await: an event the client emits right after connecting finds its handler.
    for (const [event, handle] of handlers.entries()) {
      socket.on(event, async (body: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        try {
          const { token, ip } = socket.data;
          ack({ ok: true, ...(await handle({ channel, token, ip }, body)) });
        } catch (error) {
          if (!(error instanceof AppError)) app.log.error({ err: error }, `socket ${event} failed`);
          ack({ ok: false, error: errorPayload(error) });
        }
      });
    }
    // Staff get every event through their own room; public sockets only the public ones.
    await socket.join(identity.staff ? staffRoom(channel.id) : publicRoom(channel.id));
    socket.emit('ready', { lastSeq: await deps.events.head(channel.id), role: identity.role, viewerId: identity.viewerId });
  });

  // Every process hands every event to its own sockets (`broadcast` carries other processes' events too, in order),
  // so an emit is local. socket.io encodes a broadcast before it looks at the room: an empty one (no staff watching,
  // no viewer of a channel's public side) is skipped.
  const mayReach = (room: string) => (io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
  broadcast.add((event, prevPublic) => {
    const envelope = stripVisibility(event);
    const staff = staffRoom(event.channelId);
    if (mayReach(staff)) io.local.to(staff).emit('event', { ...envelope, prev: event.seq - 1 });
    const audience = publicRoom(event.channelId);
    if (event.visibility === 'public' && mayReach(audience)) io.local.to(audience).emit('event', { ...envelope, prev: prevPublic });
  });

  // Sockets are not HTTP requests: close their transports so shutdown does not wait on them.
  // Closing the transport (not disconnecting the socket) lets clients reconnect to another process.
  app.addHook('preClose', async () => {
    io.engine.close();
  });
  return io;
}

/**
 * Checks this process's staff sockets of a channel again after a credential lost access: a
 * socket whose credential no longer works is cut, one that is no longer staff (a removed
 * moderator) moves to the public room.
 */
export async function recheckStaffSockets(io: GatewayServer, deps: RealtimeDeps, channelId: string): Promise<void> {
  const sockets = await io.local.in(staffRoom(channelId)).fetchSockets();
  await Promise.all(
    sockets.map(async (socket) => {
      try {
        const identity = await deps.access.identify(socket.data.channel, socket.data.token);
        socket.data.identity = identity;
        if (!identity.staff) {
          socket.leave(staffRoom(channelId));
          socket.join(publicRoom(channelId));
        }
      } catch {
        socket.disconnect(true);
      }
    }),
  );
}
