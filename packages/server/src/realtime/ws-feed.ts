import type { ChannelEvent } from '@tipchat/sdk/protocol';
import { channelParamsSchema, errorBodySchema } from '@tipchat/sdk/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError } from '../errors';
import type { ConnectionLimiter } from '../limits/connection-limiter';
import type { ConnectionChannel, ConnectionIdentity, RealtimeDeps } from './access';
import { corkUntilTickEnds } from './batched-frames';
import type { EventSink } from './broadcast';
import type { EventLog, StoredEvent } from './event-log';
import { stripVisibility } from './event-log';

const feedQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  /** Browsers cannot set headers on a WebSocket, so the credential may come in the query. */
  token: z.string().max(4096).optional(),
});

const PAGE = 500;

/**
 * The close code when the address already holds MAX_CONNECTIONS_PER_IP connections (socket.io and
 * feeds together), after an error frame `{ "error": { "code": "RATE_LIMITED", … } }`. Close one first.
 */
export const FEED_CLOSE_TOO_MANY_CONNECTIONS = 4429;

/**
 * The close code after an `EVENTS_PRUNED` error frame: the events after the connection's `after`
 * are gone from the log. Reload the state, then connect again without `after` (or with the
 * frame's `details.headSeq`).
 */
export const FEED_CLOSE_EVENTS_PRUNED = 4410;

/**
 * One feed connection. It forwards live events in order, exactly once: older or repeated
 * sequences are dropped, and a gap (an event whose `prev` is beyond what was sent) is filled
 * from the log before going on.
 */
class FeedConnection {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    private readonly events: EventLog,
    private readonly channelId: string,
    private staff: boolean,
    private seen: number,
    /** Resolves the connection's credential again; throws when it no longer works. */
    private readonly recheck: () => Promise<ConnectionIdentity>,
  ) {}

  start(): void {
    this.enqueue(() => this.catchUp());
  }

  /** Given only this connection's channel's events (the feed's sinks are held by channel). */
  deliver(event: StoredEvent, prevPublic: number): void {
    if (event.visibility === 'staff' && !this.staff) return;
    const prev = this.staff ? event.seq - 1 : prevPublic;
    this.enqueue(async () => {
      if (event.seq <= this.seen) return;
      if (prev > this.seen) await this.catchUp();
      if (event.seq <= this.seen) return;
      this.send(stripVisibility(event));
      this.seen = event.seq;
      if (event.type === 'access.changed') await this.recheckAccess();
    });
  }

  /** After a credential lost access: close if ours stopped working, drop to public if no longer staff. */
  private async recheckAccess(): Promise<void> {
    try {
      this.staff = (await this.recheck()).staff;
    } catch {
      this.socket.close(4401, 'credential no longer valid');
    }
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((error: unknown) => this.fail(error));
  }

  /** Pruned events are a clear answer, in the API's error shape; anything else is a bare 1011. */
  private fail(error: unknown): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (error instanceof AppError && error.code === 'EVENTS_PRUNED') {
      this.socket.send(JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }));
      this.socket.close(FEED_CLOSE_EVENTS_PRUNED, 'events pruned: reload');
      return;
    }
    this.socket.close(1011, 'feed error');
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.events.page(this.channelId, this.seen, PAGE, this.staff);
      for (const event of page.events) this.send(event);
      this.seen = Math.max(this.seen, page.lastSeq);
      if (page.events.length < PAGE) return;
    }
  }

  private send(event: ChannelEvent): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    corkUntilTickEnds(this.socket);
    this.socket.send(JSON.stringify(event));
  }
}

/**
 * A plain-WebSocket JSON feed of the channel log for tools that cannot speak socket.io (bots,
 * OBS scripts). Connect with `?after=SEQ` to resume; without it the feed starts at the head.
 */
export function wsFeedRoutes(
  /** Hands `sink` the events of `channelId` only; returns the unsubscribe. */
  subscribe: (channelId: string, sink: EventSink) => () => void,
): FastifyPluginAsyncZod<{ deps: RealtimeDeps; connections: ConnectionLimiter }> {
  return async (app, { deps, connections }) => {
    // Resolved before the upgrade, so a wrong slug or credential gets a plain HTTP 4xx.
    const resolved = new WeakMap<
      FastifyRequest,
      { channel: ConnectionChannel; identity: ConnectionIdentity; after: number | undefined; token: string | undefined }
    >();

    app.route({
      method: 'GET',
      url: '/channels/:slug/feed',
      schema: {
        tags: ['realtime'],
        summary: 'WebSocket: JSON channel events, one per message; resume with ?after=SEQ',
        description:
          'When events after `after` were pruned, the feed sends one error frame `{ "error": { "code": "EVENTS_PRUNED", ' +
          '"message", "details": { oldestSeq, headSeq } } }` and closes with code 4410: reload the state and reconnect without `after`. ' +
          'An address already holding MAX_CONNECTIONS_PER_IP connections gets a RATE_LIMITED error frame and close code 4429.',
        params: channelParamsSchema,
        querystring: feedQuerySchema,
        response: { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
      },
      preHandler: async (request) => {
        const channel = await deps.access.channel(request.params.slug);
        const identity = await deps.access.identify(channel, request.query.token);
        resolved.set(request, { channel, identity, after: request.query.after, token: request.query.token });
      },
      // A plain GET (no upgrade) is a client mistake worth naming, not a bare 404.
      handler: async () => {
        throw new AppError('BAD_REQUEST', 'This is a WebSocket endpoint: connect with a WebSocket upgrade');
      },
      wsHandler: async (socket, request) => {
        const found = resolved.get(request);
        if (!found) return socket.close(1011, 'not resolved');
        let release: () => void;
        try {
          release = connections.acquire(request.ip);
        } catch (error) {
          // Over the per-address cap: said in a frame (browsers cannot read an HTTP refusal) and in the close.
          if (error instanceof AppError)
            socket.send(JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }));
          return socket.close(FEED_CLOSE_TOO_MANY_CONNECTIONS, 'too many connections from this address');
        }
        socket.on('close', release);
        const { channel, identity } = found;
        const start = found.after ?? (await deps.events.head(channel.id));
        const connection = new FeedConnection(socket, deps.events, channel.id, identity.staff, start, () =>
          deps.access.identify(channel, found.token),
        );
        const unsubscribe = subscribe(channel.id, (event, prev) => connection.deliver(event, prev));
        socket.on('close', unsubscribe);
        connection.start();
      },
    });
  };
}
