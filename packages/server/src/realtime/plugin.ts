import { EventEmitter } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { ConnectionLimiter } from '../limits/connection-limiter';
import type { ServerMetrics } from '../metrics/server-metrics';
import type { RealtimeDeps } from './access';
import { Broadcast, type EventSink } from './broadcast';
import { ChannelSinks } from './channel-sinks';
import { InOrderDelivery } from './in-order-delivery';
import type { Relay } from './relay';
import { EventRetention, retentionOptions } from './retention';
import { attachSocketGateway, type GatewayServer, recheckStaffSockets } from './socket-gateway';
import type { SocketHandlers } from './socket-handlers';
import { wsFeedRoutes } from './ws-feed';

declare module 'fastify' {
  interface FastifyInstance {
    /** The socket.io server (rooms `ch:<id>` and `ch:<id>:staff`). */
    io: GatewayServer;
    /** This process's event-log pruning job (tests and tools can run it with their own `now`). */
    eventRetention: EventRetention;
    /** This process's relay: tests and tools wait for `idle()` before touching what it publishes. */
    relay: Relay;
  }
}

export interface RealtimeOptions {
  deps: RealtimeDeps;
  /** The client events features answer (chat:send): filled in before the server listens. */
  socketHandlers: SocketHandlers;
  relay: Relay;
  broadcast: Broadcast;
  /** How often the relay looks for committed events nobody published (crash recovery, other processes). */
  sweepEveryMs: number;
  /** Counts this process's open connections at every scrape. */
  metrics?: Pick<ServerMetrics, 'countConnections' | 'eventsSkipped'>;
}

/**
 * socket.io and the plain-WebSocket feed share the HTTP server's upgrades: socket.io takes its
 * own path, and every other upgrade goes to @fastify/websocket through a private emitter
 * (left alone, @fastify/websocket would answer socket.io's upgrades with 404).
 */
export async function registerRealtime(app: FastifyInstance, options: RealtimeOptions): Promise<void> {
  const { deps, socketHandlers, relay, broadcast } = options;
  const upgrades = new EventEmitter();
  // @fastify/websocket only listens to `upgrade` on what it is given, so an emitter serves.
  await app.register(websocket, { options: { server: upgrades as unknown as HttpServer, maxPayload: 4096 } });
  app.server.on('upgrade', (request, socket, head) => {
    if (!request.url?.startsWith('/socket.io/')) upgrades.emit('upgrade', request, socket, head);
  });

  // One count per address for socket.io and the feed together: both hold a connection open.
  const connections = new ConnectionLimiter(deps.config.limits.connectionsPerIp);
  options.metrics?.countConnections(() => connections.total());
  // This process's clients, socket.io and feed alike, get every channel's events from `local`, in sequence order:
  // its own relay's and, with Redis, every other process's (in-order-delivery.ts).
  const local = new Broadcast();
  const inOrder = new InOrderDelivery(local.publish, {
    onSkipped: (channelId, missing) => {
      options.metrics?.eventsSkipped(missing);
      app.log.warn({ channelId, missing }, 'channel events never reached this process; its clients fetch them from the log');
    },
  });
  app.addHook('onClose', async () => inOrder.close());
  const io = await attachSocketGateway(app, deps, socketHandlers, local, connections);
  app.decorate('io', io);

  // Feed connections live on every process and take their events from `local`, like its sockets.
  // Held by channel: an event is handed to its own channel's connections only.
  const feed = new ChannelSinks();
  const toFeed: EventSink = (event, prev) => {
    feed.publish(event, prev);
    // `feed` reaches every process, so each one re-checks its own staff sockets.
    if (event.type !== 'access.changed') return;
    recheckStaffSockets(io, deps, event.channelId).catch((error: unknown) => app.log.error({ err: error }, 'staff socket re-check failed'));
  };
  local.add(toFeed);
  const scaled = deps.redis !== null;
  broadcast.add((event, prev) => {
    inOrder.offer(event, prev);
    if (scaled) io.serverSideEmit('feed', event, prev);
  });
  io.on('feed', inOrder.offer);

  await app.register(
    wsFeedRoutes((channelId, sink) => feed.add(channelId, sink)),
    { prefix: '/api/v1', deps, connections },
  );

  app.decorate('relay', relay);
  app.addHook('onReady', () => relay.start(options.sweepEveryMs));
  app.addHook('preClose', () => relay.stop());

  const retention = new EventRetention(deps.sql, retentionOptions(deps.config.eventRetention), app.log);
  app.decorate('eventRetention', retention);
  app.addHook('onReady', async () => retention.start(deps.config.eventRetention.sweepMs));
  // Before the database closes: a prune batch in flight finishes.
  app.addHook('preClose', () => retention.stop());
}
