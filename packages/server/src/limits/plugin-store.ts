import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { CounterStore } from './counter-store';
import { countersUnavailable } from './unavailable';

/**
 * A store for @fastify/rate-limit (the sign-in routes) on our counters. Its own Redis store hands
 * a Redis failure to the route as it is (a 500); this one answers 503 with a retry hint, like
 * every other limit while Redis is away.
 */
export function rateLimitStore(store: CounterStore): FastifyRateLimitStoreCtor {
  class Counters implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      store.hit(`${this.prefix}${key}`, timeWindow).then(
        (count) => callback(null, { current: count.count, ttl: count.resetInMs }),
        (cause: unknown) => callback(countersUnavailable(cause)),
      );
    }

    child(options: unknown): FastifyRateLimitStore {
      // The plugin hands each route's merged options, with the route under `routeInfo` (its typings say otherwise).
      const route = (options as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new Counters(undefined, `${this.prefix}${String(route?.method ?? '')}${String(route?.url ?? '')}-`);
    }
  }
  return Counters;
}
