import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { LocalStore } from './local-store';
import { RedisStore } from './redis-store';
import { type LimitRule, RequestLimiter } from './request-limiter';

const messages = { limited: (seconds: number) => `Too many, wait ${seconds} s` };
const rules = (address: string, device: string): LimitRule[] => [
  { key: `ip:${address}`, max: 3, windowMs: 10_000 },
  { key: `device:${device}`, max: 1, windowMs: 4_000 },
];

describe('RequestLimiter', () => {
  it('refuses once any rule is over its limit, with its own message and the wait of the rule that refused', async () => {
    const limiter = new RequestLimiter(new LocalStore(), messages);
    await limiter.hit(rules('a', 'd1'));
    await expect(limiter.hit(rules('a', 'd1'))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      statusCode: 429,
      message: 'Too many, wait 4 s',
      details: { retryAfterSeconds: 4 },
    });
    // A fresh device is still counted by its address, which the refused hit moved too: 3 hits so far.
    await limiter.hit(rules('a', 'd2'));
    await expect(limiter.hit(rules('a', 'd3'))).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 10 } });
  });

  it('gives a hit back on every rule, so a request that did nothing does not eat the allowance', async () => {
    const limiter = new RequestLimiter(new LocalStore(), messages);
    for (let i = 0; i < 5; i++) {
      await limiter.hit(rules('b', 'd1'));
      await limiter.giveBack(rules('b', 'd1'));
    }
    await limiter.hit(rules('b', 'd1'));
    await expect(limiter.hit(rules('b', 'd1'))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('refuses with 503 and its own message while the counters are unreachable; a give-back then does not throw', async () => {
    // A real client pointed at a port where nothing listens, failing fast instead of queueing.
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    try {
      const store = new RedisStore(down, 'tipchat-test:');
      await expect(new RequestLimiter(store, messages).hit(rules('c', 'd1'))).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        statusCode: 503,
        details: { retryAfterSeconds: 1 },
      });
      const chat = new RequestLimiter(store, { ...messages, unavailable: 'Chat is briefly unavailable.' });
      await expect(chat.hit(rules('c', 'd1'))).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: 'Chat is briefly unavailable.',
      });
      await expect(chat.giveBack(rules('c', 'd1'))).resolves.toBeUndefined();
    } finally {
      down.disconnect();
    }
  });
});
