import { AppError } from '../errors';
import { addressKey } from './address';

/**
 * Open realtime connections (socket.io and the plain-WebSocket feed together) per address, in
 * this process. Each process counts its own: behind a load balancer spreading one address over
 * N processes, the address may hold up to N × max.
 */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for `ip`, or throws RATE_LIMITED when the address holds `max` already. Returns the release. */
  acquire(ip: string): () => void {
    const key = addressKey(ip);
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) {
      throw new AppError('RATE_LIMITED', `Too many open connections from your address (at most ${this.max}). Close one and try again.`, {
        retryAfterSeconds: 10,
        limit: 'connections-per-address',
        max: this.max,
      });
    }
    this.open.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }

  /** Connections open now from every address. */
  total(): number {
    let sum = 0;
    for (const count of this.open.values()) sum += count;
    return sum;
  }

  /** Connections open now from `ip`'s address; for tests and metrics. */
  count(ip: string): number {
    return this.open.get(addressKey(ip)) ?? 0;
  }
}
