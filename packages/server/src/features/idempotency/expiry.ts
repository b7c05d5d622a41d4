import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../db/connection';
import { PeriodicJob } from '../../periodic-job';

/** How long a key answers retries: a day covers every client's retry window (Stripe keeps theirs as long). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/** How often expired keys are deleted. */
export const IDEMPOTENCY_SWEEP_MS = 15 * 60_000;
/** Rows deleted per statement: an expiry run never holds many locks at once. */
const BATCH = 1_000;

/**
 * Deletes idempotency keys older than the TTL, in small batches through the created_at index.
 * Several processes may run it at once: SKIP LOCKED keeps them off each other's batches, and the
 * table is written by nothing that holds a channel lock while waiting on it.
 */
export class IdempotencyExpiry {
  private readonly job: PeriodicJob;

  constructor(
    private readonly sql: Sql,
    log: FastifyBaseLogger,
    private readonly ttlMs = IDEMPOTENCY_KEY_TTL_MS,
  ) {
    this.job = new PeriodicJob('idempotency-key expiry', () => this.pruneExpired(), log);
  }

  start(everyMs = IDEMPOTENCY_SWEEP_MS): void {
    this.job.start(everyMs);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Deletes every key created before `now - ttl`; returns how many. */
  async pruneExpired(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.ttlMs);
    let total = 0;
    for (;;) {
      const deleted = await this.sql`
        delete from idempotency_keys k
        using (
          select scope, key from idempotency_keys where created_at < ${cutoff}
          order by created_at limit ${BATCH} for update skip locked
        ) old
        where k.scope = old.scope and k.key = old.key`;
      total += deleted.count;
      if (deleted.count < BATCH) return total;
    }
  }
}
