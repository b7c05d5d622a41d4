import type { Redis } from 'ioredis';
import type { CounterStore, WindowCount } from './counter-store';

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

/** A decrement only of a live counter: DECR on a closed window's key would recreate it, negative and without expiry. */
const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

/** Counters shared by every tipchat process through Redis, under the configured key prefix. */
export class RedisStore implements CounterStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, `${this.prefix}${key}`, windowMs)) as [number, number];
    return { count, resetInMs: ttl };
  }

  async giveBack(key: string): Promise<void> {
    await this.redis.eval(GIVE_BACK, 1, `${this.prefix}${key}`);
  }
}
