import { AppError } from '../errors';
import type { CounterStore, WindowCount } from './counter-store';
import { countersUnavailable } from './unavailable';

export interface LimitRule {
  key: string;
  max: number;
  windowMs: number;
}

/** What a refusal says. */
export interface LimitMessages {
  /** RATE_LIMITED's message, given the wait in seconds. */
  limited: (retryAfterSeconds: number) => string;
  /** SERVICE_UNAVAILABLE's message while the counters cannot be reached; the shared one when omitted. */
  unavailable?: string;
}

/**
 * Counts one request against several keys at once (an address, a device, a credential, a chat
 * identity) and refuses it with RATE_LIMITED, saying when to retry, when any of them is over its
 * limit. Every counter moves, so switching one key does not dodge the others. The one windowed
 * limiter: per-route limits and the chat flood limit are both rules of it.
 */
export class RequestLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly messages: LimitMessages,
  ) {}

  async hit(rules: LimitRule[]): Promise<void> {
    let counts: WindowCount[];
    try {
      counts = await Promise.all(rules.map((rule) => this.store.hit(rule.key, rule.windowMs)));
    } catch (cause) {
      throw countersUnavailable(cause, this.messages.unavailable);
    }
    const waitMs = Math.max(
      0,
      ...counts.map((count, i) => (count.count > (rules[i]?.max ?? Number.POSITIVE_INFINITY) ? Math.max(count.resetInMs, 1) : 0)),
    );
    if (waitMs === 0) return;
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new AppError('RATE_LIMITED', this.messages.limited(retryAfterSeconds), { retryAfterSeconds });
  }

  /**
   * Takes back the hit `hit(rules)` counted, for a request that turned out to do nothing (refused
   * by a later check, or answered from its idempotency key), so it does not eat the allowance.
   * Best effort: with the counters away the hits simply stay counted until their windows close.
   */
  async giveBack(rules: LimitRule[]): Promise<void> {
    await Promise.all(rules.map((rule) => this.store.giveBack(rule.key))).catch(() => {});
  }
}
