import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { FloodLimiter } from './limiter';
import { LocalStore } from './local-store';
import { RedisStore } from './redis-store';
import type { FloodStore } from './store';

const redisUrl = process.env.REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true }) : null;
const prefix = `tipchat-test-${randomBytes(4).toString('hex')}:`;
afterAll(async () => {
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

const stores: [string, () => FloodStore][] = [['LocalStore', () => new LocalStore()]];
if (redis) stores.push(['RedisStore', () => new RedisStore(redis, `${prefix}${randomBytes(4).toString('hex')}:`)]);

describe.each(stores)('%s', (_name, makeStore) => {
  it('counts hits on a key within its window, each key apart', async () => {
    const store = makeStore();
    expect((await store.hit('a', 10_000)).count).toBe(1);
    expect((await store.hit('a', 10_000)).count).toBe(2);
    const third = await store.hit('a', 10_000);
    expect(third.count).toBe(3);
    expect(third.resetInMs).toBeGreaterThan(0);
    expect(third.resetInMs).toBeLessThanOrEqual(10_000);
    expect((await store.hit('b', 10_000)).count).toBe(1);
  });

  it('starts a new window once the old one has closed', async () => {
    const store = makeStore();
    await store.hit('k', 50);
    await store.hit('k', 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await store.hit('k', 50)).count).toBe(1);
  });

  it('counts concurrent hits exactly', async () => {
    const store = makeStore();
    const counts = await Promise.all(Array.from({ length: 20 }, () => store.hit('burst', 10_000)));
    expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('LocalStore', () => {
  it('forgets closed windows, so idle keys do not pile up', async () => {
    let now = 0;
    const store = new LocalStore(() => now);
    for (let i = 0; i < 100; i++) await store.hit(`viewer-${i}`, 1_000);
    expect(store.size).toBe(100);
    now = 5_000;
    await store.hit('someone-else', 1_000);
    expect(store.size).toBe(1);
  });
});

describe('FloodLimiter', () => {
  const limits = { viewer: { max: 2, windowMs: 10_000 }, ip: { max: 3, windowMs: 10_000 } };

  it('refuses a viewer past their limit with the wait in seconds', async () => {
    const limiter = new FloodLimiter(new LocalStore(), limits);
    await limiter.hit('v1', '10.0.0.1');
    await limiter.hit('v1', '10.0.0.1');
    await expect(limiter.hit('v1', '10.0.0.1')).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 10 } });
  });

  it('refuses an address past its limit even for a fresh viewer', async () => {
    const limiter = new FloodLimiter(new LocalStore(), limits);
    await limiter.hit('v1', '10.0.0.2');
    await limiter.hit('v2', '10.0.0.2');
    await limiter.hit('v3', '10.0.0.2');
    await expect(limiter.hit('v4', '10.0.0.2')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await limiter.hit('v4', '10.0.0.3');
  });
});

describe('FloodLimiter when its Redis is unreachable', () => {
  it('refuses the send with 503 SERVICE_UNAVAILABLE instead of failing with a 500 or letting it through', async () => {
    // A real client pointed at a port where nothing listens, failing fast instead of queueing.
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    try {
      const limiter = FloodLimiter.create(down, prefix);
      await expect(limiter.hit('viewer', '203.0.113.9')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', statusCode: 503 });
    } finally {
      down.disconnect();
    }
  });
});
