import type { Clock } from '../../src/features/auth/access-tokens';

/** The system clock plus however far a test moved it: expiring a token takes `advance()`, not a sleep. */
export class TestClock {
  private offsetMs = 0;

  readonly now: Clock = () => new Date(Date.now() + this.offsetMs);

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
