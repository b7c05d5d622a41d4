import type { Redis } from 'ioredis';
import { AppError } from '../../../errors';
import type { CounterStore, WindowCount } from '../../../limits/counter-store';
import { LocalStore } from '../../../limits/local-store';
import { RedisStore } from '../../../limits/redis-store';

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

/** Refuses chat sends beyond the per-viewer and per-IP limits with RATE_LIMITED. */
export class FloodLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS,
  ) {}

  /** Redis when the deployment has one (limits then hold across processes), else this process. */
  static create(redis: Redis | null, keyPrefix: string, limits: FloodLimits = DEFAULT_FLOOD_LIMITS): FloodLimiter {
    return new FloodLimiter(redis ? new RedisStore(redis, `${keyPrefix}chat-flood:`) : new LocalStore(), limits);
  }

  /**
   * Takes back the hit of a send that stored nothing (refused by a later check, or answered from
   * its idempotency key), so refusals and retries do not eat a viewer's allowance. Best effort:
   * with Redis away the hit simply stays counted until its window closes.
   */
  async giveBack(viewerId: string, ip: string): Promise<void> {
    await Promise.all([this.store.giveBack(`v:${viewerId}`), this.store.giveBack(`ip:${ip}`)]).catch(() => {});
  }

  /** Counts a send; throws when either limit is exceeded. Both counters move, so neither can be dodged. */
  async hit(viewerId: string, ip: string): Promise<void> {
    let viewer: WindowCount;
    let address: WindowCount;
    try {
      [viewer, address] = await Promise.all([
        this.store.hit(`v:${viewerId}`, this.limits.viewer.windowMs),
        this.store.hit(`ip:${ip}`, this.limits.ip.windowMs),
      ]);
    } catch (cause) {
      // Without its counters (Redis unreachable) the chat cannot tell a flood from a chat: refuse
      // clearly and let the client retry, rather than answer 500 or let floods through.
      throw new AppError('SERVICE_UNAVAILABLE', 'Chat is briefly unavailable. Try again in a moment.', { retryAfterSeconds: 1 }, cause);
    }
    const over = [viewer.count > this.limits.viewer.max ? viewer : null, address.count > this.limits.ip.max ? address : null];
    const waitMs = Math.max(0, ...over.map((count) => (count ? Math.max(count.resetInMs, 1) : 0)));
    if (waitMs > 0) {
      throw new AppError('RATE_LIMITED', 'You are sending messages too fast. Wait a moment.', {
        retryAfterSeconds: Math.ceil(waitMs / 1000),
      });
    }
  }
}
