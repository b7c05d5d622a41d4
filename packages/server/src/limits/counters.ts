import type { Redis } from 'ioredis';
import { LocalStore } from '../features/chat/flood/local-store';
import { RedisStore } from '../features/chat/flood/redis-store';
import type { FloodStore } from '../features/chat/flood/store';

/**
 * Fixed-window counters for limits: in Redis when the deployment has it (limits then hold across
 * processes), else in this process. `name` keeps each limit's keys apart.
 */
export function counters(redis: Redis | null, keyPrefix: string, name: string): FloodStore {
  return redis ? new RedisStore(redis, `${keyPrefix}limit:${name}:`) : new LocalStore();
}
