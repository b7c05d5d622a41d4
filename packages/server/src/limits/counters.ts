import type { Redis } from 'ioredis';
import type { CounterStore } from './counter-store';
import { LocalStore } from './local-store';
import { RedisStore } from './redis-store';

/**
 * Fixed-window counters for limits: in Redis when the deployment has it (limits then hold across
 * processes), else in this process. `name` keeps each limit's keys apart.
 */
export function counters(redis: Redis | null, keyPrefix: string, name: string): CounterStore {
  return redis ? new RedisStore(redis, `${keyPrefix}limit:${name}:`) : new LocalStore();
}
