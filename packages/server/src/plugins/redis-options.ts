import type { RedisOptions } from 'ioredis';

/** The longest pause between reconnect attempts: Redis back means tipchat back within about a second. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * The commands connection fails fast: no offline queue (a command while disconnected fails at
 * once), a bounded wait for each answer, and no replays after a drop. Callers turn the failure
 * into 503 SERVICE_UNAVAILABLE; nothing waits on a Redis that is gone.
 */
export function commandOptions(commandTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(2_000, commandTimeoutMs),
    // Never give up: keep trying with a short, capped pause, so recovery needs no restart.
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  };
}

/**
 * The socket.io adapter's subscriber only subscribes: its commands may wait for the connection
 * (ioredis subscribes again by itself after a reconnect), so it keeps a queue and no timeout.
 */
export const subscriberOverrides: Partial<RedisOptions> = {
  enableOfflineQueue: true,
  maxRetriesPerRequest: null,
  commandTimeout: undefined,
};
