import { AppError } from '../errors';
import type { CounterStore } from './counter-store';
import { countersUnavailable } from './unavailable';

export interface LimitRule {
  key: string;
  max: number;
  windowMs: number;
}

/**
 * Counts one request against several keys at once (an address, a device, a credential) and
 * refuses it with RATE_LIMITED, saying when to retry, when any of them is over its limit. Every
 * counter moves, so switching one key does not dodge the others.
 */
export class RequestLimiter {
  constructor(
    private readonly store: CounterStore,
    /** What was limited, for the message: "Too many tips started". */
    private readonly what: string,
  ) {}

  async hit(rules: LimitRule[]): Promise<void> {
    let counts: { count: number; resetInMs: number }[];
    try {
      counts = await Promise.all(rules.map((rule) => this.store.hit(rule.key, rule.windowMs)));
    } catch (cause) {
      throw countersUnavailable(cause);
    }
    const waitMs = Math.max(
      0,
      ...counts.map((count, i) => (count.count > (rules[i]?.max ?? Number.POSITIVE_INFINITY) ? Math.max(count.resetInMs, 1) : 0)),
    );
    if (waitMs === 0) return;
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new AppError('RATE_LIMITED', `${this.what} from your address or device. Try again in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}
