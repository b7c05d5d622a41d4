import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '../../../limits/local-store';
import { FloodLimiter } from './limiter';

const prefix = `tipchat-test-${randomBytes(4).toString('hex')}:`;

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
