import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../config';
import { RedisHealth } from './redis-health';
import { commandOptions } from './redis-options';

declare module 'fastify' {
  interface FastifyInstance {
    /** Present only when REDIS_URL is set; every user of it has an in-process fallback. */
    redis: Redis | null;
    /** Whether this process's Redis connections are up (null without Redis); /readyz reports it. */
    redisHealth: RedisHealth | null;
  }
}

export const redisPlugin = fp<{ redis: Config['redis'] }>(
  async (app, { redis: options }) => {
    if (!options) {
      app.decorate('redis', null);
      app.decorate('redisHealth', null);
      return;
    }
    const health = new RedisHealth(app.log);
    const redis = new Redis(options.url, commandOptions(options.commandTimeoutMs));
    health.watch(redis, 'commands');
    try {
      await redis.connect();
    } catch (cause) {
      // Refuse to start rather than run without it; stop the reconnect loop so the process can exit.
      health.stop();
      redis.disconnect();
      throw new Error(`Redis at REDIS_URL is not reachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    // A shutdown closes every connection on purpose: not an outage to log.
    app.addHook('preClose', async () => health.stop());
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    app.decorate('redis', redis);
    app.decorate('redisHealth', health);
  },
  { name: 'tipchat-redis' },
);
