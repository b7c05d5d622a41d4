import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `run` now and then every `everyMs`, one run at a time per process; `stop` waits for a run in flight. Several
 * processes may run the same job: each run claims its rows with FOR UPDATE SKIP LOCKED. The one loop behind every
 * background job (payout sweeps and polls, hold releases, event-log pruning).
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(everyMs: number): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.run()
        .catch((error: unknown) => this.log.warn({ err: error, job: this.name }, 'periodic job failed; the next run retries'))
        .finally(() => {
          this.running = null;
        });
    };
    tick();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
