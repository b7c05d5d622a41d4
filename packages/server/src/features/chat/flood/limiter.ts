import type { Redis } from 'ioredis';
import type { CounterStore } from '../../../limits/counter-store';
import { counters } from '../../../limits/counters';
import { type LimitRule, RequestLimiter } from '../../../limits/request-limiter';

export interface FloodLimit {
  max: number;
  windowMs: number;
}

export interface FloodLimits {
  /** Per chat identity: one person typing fast. */
  viewer: FloodLimit;
  /** Per IP address: many fresh guest identities from one machine. */
  ip: FloodLimit;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  viewer: { max: 5, windowMs: 10_000 },
  ip: { max: 20, windowMs: 10_000 },
};

/**
 * Refuses chat sends beyond the per-viewer and per-IP limits with RATE_LIMITED: two rules of the
 * shared RequestLimiter. Both counters move, so neither can be dodged.
 */
export class FloodLimiter {
  private readonly limiter: RequestLimiter;

  constructor(
    store: CounterStore,
    private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS,
  ) {
    this.limiter = new RequestLimiter(store, {
      limited: () => 'You are sending messages too fast. Wait a moment.',
      // Without its counters (Redis unreachable) the chat cannot tell a flood from a chat: refuse
      // clearly and let the client retry, rather than answer 500 or let floods through.
      unavailable: 'Chat is briefly unavailable. Try again in a moment.',
    });
  }

  /** Redis when the deployment has one (limits then hold across processes), else this process. */
  static create(redis: Redis | null, keyPrefix: string, limits: FloodLimits = DEFAULT_FLOOD_LIMITS): FloodLimiter {
    return new FloodLimiter(counters(redis, keyPrefix, 'chat-flood'), limits);
  }

  /** Counts a send; throws RATE_LIMITED when either limit is exceeded, SERVICE_UNAVAILABLE without counters. */
  hit(viewerId: string, ip: string): Promise<void> {
    return this.limiter.hit(this.rules(viewerId, ip));
  }

  /**
   * Takes back the hit of a send that stored nothing (refused by a later check, or answered from
   * its idempotency key), so refusals and retries do not eat a viewer's allowance. Best effort.
   */
  giveBack(viewerId: string, ip: string): Promise<void> {
    return this.limiter.giveBack(this.rules(viewerId, ip));
  }

  private rules(viewerId: string, ip: string): LimitRule[] {
    return [
      { key: `v:${viewerId}`, ...this.limits.viewer },
      { key: `ip:${ip}`, ...this.limits.ip },
    ];
  }
}
