import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../config';

declare module 'fastify' {
  interface FastifyInstance {
    /** Present only when REDIS_URL is set; every user of it has an in-process fallback. */
    redis: Redis | null;
  }
}

export const redisPlugin = fp<{ redis: Config['redis'] }>(
  async (app, { redis: options }) => {
    if (!options) {
      app.decorate('redis', null);
      return;
    }
    const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    await redis.connect();
    app.addHook('onClose', async () => {
      await redis.quit();
    });
    app.decorate('redis', redis);
  },
  { name: 'tipchat-redis' },
);
