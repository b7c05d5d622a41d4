import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';

/**
 * Whether every Redis connection of this process is up, logged once per change. ioredis emits
 * `error` on every failed reconnect (several a second while Redis is away); one line saying it is
 * gone and one saying it is back tell an operator more than a thousand identical ones.
 */
export class RedisHealth {
  /** Connections not ready now, by name; a connection is down until its first `ready`. */
  private readonly notReady = new Set<string>();
  private lost = false;
  private stopped = false;

  constructor(private readonly log: FastifyBaseLogger) {}

  get up(): boolean {
    return this.notReady.size === 0;
  }

  /** Follows one connection (the commands one, or the socket.io adapter's publisher and subscriber). */
  watch(client: Redis, name: string): void {
    if (client.status !== 'ready') this.notReady.add(name);
    client.on('ready', () => {
      this.notReady.delete(name);
      if (this.lost && this.up) {
        this.lost = false;
        this.log.warn({ redis: 'up' }, 'Redis is reachable again: rate limits, chat and fan-out are back');
      }
    });
    // Without an `error` listener ioredis prints every failed attempt to the console itself.
    client.on('error', (error: Error) => this.down(name, error));
    client.on('close', () => this.down(name, undefined));
  }

  /** Before closing the connections on purpose: a shutdown is not an outage. */
  stop(): void {
    this.stopped = true;
  }

  private down(name: string, error: Error | undefined): void {
    if (this.stopped) return;
    this.notReady.add(name);
    if (this.lost) return;
    this.lost = true;
    this.log.error(
      { redis: 'down', connection: name, err: error },
      'Redis is unreachable: rate-limited routes and chat answer 503 and /readyz answers 503 until it is back (reconnecting)',
    );
  }
}
