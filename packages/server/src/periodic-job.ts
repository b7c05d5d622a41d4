import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `run` now and then every `everyMs`, one run at a time per process; `stop` waits for a run in flight. Several
 * processes may run the same job: each run claims its rows with FOR UPDATE SKIP LOCKED. The one loop behind every
 * background job (payout sweeps and polls, hold releases, event-log pruning).
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** A wake() came while a run was in flight: run again as soon as it ends, so new work is not left for the timer. */
  private again = false;

  constructor(
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
    this.tick();
  }

  /** Runs now instead of at the next interval (after the run in flight, if any). Does nothing before start or after stop. */
  wake(): void {
    if (!this.timer) return;
    if (this.running) this.again = true;
    else this.tick();
  }

  /** Wakes the job and waits until it is idle: work queued before the call has been looked at. */
  async flush(): Promise<void> {
    this.wake();
    while (this.running) await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.again = false;
    this.running = this.run()
      .catch((error: unknown) => this.log.warn({ err: error, job: this.name }, 'periodic job failed; the next run retries'))
      .finally(() => {
        this.running = null;
        if (this.again && this.timer) this.tick();
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
