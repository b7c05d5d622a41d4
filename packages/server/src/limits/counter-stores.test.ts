import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { CounterStore } from './counter-store';
import { LocalStore } from './local-store';
import { RedisStore } from './redis-store';

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

const stores: [string, () => CounterStore][] = [['LocalStore', () => new LocalStore()]];
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
