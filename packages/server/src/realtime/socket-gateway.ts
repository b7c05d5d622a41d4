import { createAdapter } from '@socket.io/redis-adapter';
import type { ClientToServerEvents, RealtimeAuth, ServerToClientEvents } from '@tipchat/sdk/protocol';
import { chatSendPayloadSchema } from '@tipchat/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { AppError } from '../errors';
import { type Actor, isStaff } from '../features/access/actor';
import type { ChannelInfo } from '../features/access/channel-access';
import type { ChatService } from '../features/chat/service';
import type { FeatureDeps } from '../features/deps';
import type { ConnectionLimiter } from '../limits/connection-limiter';
import { adapterClients } from './adapter-clients';
import type { Broadcast } from './broadcast';
import { type StoredEvent, stripVisibility } from './event-log';
import { assertKept } from './retention';

interface SocketData {
  channel: ChannelInfo;
  actor: Actor;
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
 * room, and staff also the staff room. Events arrive from the relay through the Broadcast; with
 * Redis the adapter carries them to sockets on every process.
 */
export async function attachSocketGateway(
  app: FastifyInstance,
  deps: FeatureDeps,
  chat: ChatService,
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
      const actor = await deps.access.actor(channel, auth.token);
      // Resuming after events the log no longer holds: refused with EVENTS_PRUNED, not a silent gap.
      if (auth.after !== undefined) await assertKept(deps.sql, channel.id, auth.after);
      socket.data = { channel, actor, token: auth.token, ip: clientIp(socket.handshake, deps.config.trustProxy) };
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
    const { channel, actor } = socket.data;
    // Staff get every event through their own room; public sockets only the public ones.
    await socket.join(isStaff(actor) ? staffRoom(channel.id) : publicRoom(channel.id));
    socket.emit('ready', { lastSeq: await deps.events.head(channel.id), role: actor.role, viewerId: actor.viewerId });

    socket.on('chat:send', async (body, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const parsed = chatSendPayloadSchema.safeParse(body);
        if (!parsed.success) {
          throw new AppError(
            'VALIDATION_FAILED',
            'Send { text } with 1 to 2000 characters (and clientMessageId: 1 to 255 printable ASCII)',
          );
        }
        // Roles change while a socket is open (joined the chat, appointed, banned): look again.
        const current = await deps.access.actor(channel, socket.data.token);
        // clientMessageId is the send's idempotency key: a resend after a lost ack answers with the first message.
        const { text, clientMessageId } = parsed.data;
        ack({ ok: true, message: await chat.send(channel, current, text, socket.data.ip, clientMessageId) });
      } catch (error) {
        if (!(error instanceof AppError)) app.log.error({ err: error }, 'chat send over socket failed');
        ack({ ok: false, error: errorPayload(error) });
      }
    });
  });

  broadcast.add((event, prevPublic) => {
    const envelope = stripVisibility(event);
    io.to(staffRoom(event.channelId)).emit('event', { ...envelope, prev: event.seq - 1 });
    if (event.visibility === 'public') io.to(publicRoom(event.channelId)).emit('event', { ...envelope, prev: prevPublic });
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
export async function recheckStaffSockets(io: GatewayServer, deps: FeatureDeps, channelId: string): Promise<void> {
  const sockets = await io.local.in(staffRoom(channelId)).fetchSockets();
  await Promise.all(
    sockets.map(async (socket) => {
      try {
        const actor = await deps.access.actor(socket.data.channel, socket.data.token);
        socket.data.actor = actor;
        if (!isStaff(actor)) {
          socket.leave(staffRoom(channelId));
          socket.join(publicRoom(channelId));
        }
      } catch {
        socket.disconnect(true);
      }
    }),
  );
}
