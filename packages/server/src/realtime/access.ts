import type { ServerToClientEvents } from '@tipchat/sdk/protocol';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Sql } from '../db/connection';
import type { EventLog } from './event-log';

/**
 * The channel a connection joined, as access resolved it at the handshake. Realtime itself reads
 * only `id`; the whole of it goes back to access on a re-check and to socket handlers unchanged.
 */
export interface ConnectionChannel {
  id: string;
  slug: string;
  ownerId: string;
}

/** Who a connection is in its channel: what `ready` tells the client, and whether staff-only events reach it. */
export interface ConnectionIdentity {
  role: Parameters<ServerToClientEvents['ready']>[0]['role'];
  viewerId: string | null;
  staff: boolean;
}

/**
 * What realtime needs from access control. Realtime is transport: it owns this interface, the
 * access feature implements it, and app.ts hands the implementation in.
 */
export interface RealtimeAccess {
  /** The channel a slug names; throws an AppError when there is none. */
  channel(slug: string): Promise<ConnectionChannel>;
  /** Who a credential (none: anonymous) is in the channel; throws an AppError when it does not work there. */
  identify(channel: ConnectionChannel, token: string | undefined): Promise<ConnectionIdentity>;
}

/** What the gateway and the feed are built from. */
export interface RealtimeDeps {
  sql: Sql;
  config: Config;
  redis: Redis | null;
  events: EventLog;
  access: RealtimeAccess;
}
