import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../db/connection';
import type { TipMoneyBook } from './tip-money';
import type { TipRow } from './tip-view';

const BATCH = 50;

/**
 * Moves paid tips' money from pending to available once their hold is over. Each batch is
 * claimed with FOR UPDATE SKIP LOCKED, so several server processes can run the job at once and
 * every tip is released by exactly one of them (the ledger key would refuse a second anyway).
 */
export class ReleaseJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly money: TipMoneyBook,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(everyMs: number): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.releaseDue()
        .catch((error: unknown) => this.log.warn({ err: error }, 'tip release failed; the next run retries'))
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

  /** Releases every tip whose hold ended by `now`; returns how many tips it released money of. */
  async releaseDue(now: Date = new Date()): Promise<number> {
    let released = 0;
    for (;;) {
      const batch = await this.sql.begin(async (tx) => {
        const due = await tx<TipRow[]>`
          select * from tips where release_due and hold_until <= ${now}
          order by hold_until limit ${BATCH} for update skip locked`;
        let moved = 0;
        for (const tip of due) {
          const amount = await this.money.release(tx, tip);
          if (amount > 0) moved += 1;
          await tx`
            update tips set release_due = false, releases = releases + ${amount > 0 ? 1 : 0}, updated_at = now() where id = ${tip.id}`;
        }
        return { claimed: due.length, moved };
      });
      released += batch.moved;
      if (batch.claimed < BATCH) return released;
    }
  }
}
