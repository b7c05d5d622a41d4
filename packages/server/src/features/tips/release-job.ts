import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../db/connection';
import { PeriodicJob } from '../../periodic-job';
import { lockChannel } from '../../realtime/channel-lock';
import type { TipMoneyBook } from './tip-money';
import type { TipRow } from './tip-view';

const BATCH = 50;

/**
 * Moves paid tips' money from pending to available once their hold is over. Each batch is
 * claimed with SKIP LOCKED, so several server processes can run the job at once and every tip
 * is released by exactly one of them (the ledger key would refuse a second anyway).
 */
export class ReleaseJob {
  private readonly job: PeriodicJob;

  constructor(
    private readonly sql: Sql,
    private readonly money: TipMoneyBook,
    log: FastifyBaseLogger,
  ) {
    this.job = new PeriodicJob('tip release', () => this.releaseDue(), log);
  }

  start(everyMs: number): void {
    this.job.start(everyMs);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Releases every tip whose hold ended by `now`; returns how many tips it released money of. */
  async releaseDue(now: Date = new Date()): Promise<number> {
    let released = 0;
    for (;;) {
      const batch = await this.sql.begin(async (tx) => {
        // Lock order (realtime/channel-lock.ts): the tips' channels before the tips, since posting moves the
        // channel's kept balances. So the batch is seen first without a lock, its channels are locked in ascending
        // id order (the one order every job locking several channels uses), and only then are its tips claimed.
        const seen = await tx<{ id: string; channelId: string }[]>`
          select id, channel_id from tips where release_due and hold_until <= ${now} order by hold_until limit ${BATCH}`;
        if (seen.length === 0) return { seen: 0, claimed: 0, moved: 0 };
        for (const channelId of [...new Set(seen.map((t) => t.channelId))].sort()) await lockChannel(tx, channelId);
        // Rechecked under the locks: another run may have released some meanwhile.
        const due = await tx<TipRow[]>`
          select * from tips where id in ${tx(seen.map((t) => t.id))} and release_due and hold_until <= ${now}
          order by hold_until for no key update skip locked`;
        let moved = 0;
        for (const tip of due) {
          const amount = await this.money.release(tx, tip);
          if (amount > 0) moved += 1;
          await tx`
            update tips set release_due = false, releases = releases + ${amount > 0 ? 1 : 0}, updated_at = now() where id = ${tip.id}`;
        }
        return { seen: seen.length, claimed: due.length, moved };
      });
      released += batch.moved;
      // Done when every due tip was in view; or when another run holds them all, which the next round finds out.
      if (batch.seen < BATCH || batch.claimed === 0) return released;
    }
  }
}
