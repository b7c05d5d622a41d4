import type { Redis } from 'ioredis';
import type { FloodCount, FloodStore } from './store';

/**
 * Count and expiry in one step: with INCR and PEXPIRE sent apart, a process dying between them
 * would leave a counter that never expires and silences a viewer for good.
 */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

/** Counters shared by every tipchat process through Redis, under the configured key prefix. */
export class RedisStore implements FloodStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<FloodCount> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, `${this.prefix}${key}`, windowMs)) as [number, number];
    return { count, resetInMs: ttl };
  }
}
