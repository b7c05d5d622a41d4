import type { FastifyBaseLogger } from 'fastify';
import type { Queryable, Sql } from '../db/connection';
import { PeriodicJob } from '../periodic-job';
import type { Mail, Mailer } from './mailer';

/** What a request asks to be mailed: a kind with a renderer, the address, and the renderer's inputs. */
export interface MailIntent {
  kind: string;
  to: string;
  data?: Record<string, string>;
}

/**
 * Turns an intent into the mail to send, at delivery time; null: nothing to send (the account is gone, the address
 * is unknown). Renderers may write (issue a token): a retry renders again.
 */
export type MailRenderer = (intent: Required<MailIntent>) => Promise<Mail | null>;

interface OutboxRow {
  id: number;
  kind: string;
  toAddress: string;
  data: Record<string, string>;
  attempts: number;
  createdAt: Date;
}

const BATCH = 20;
/** A claimed row comes back after this long if its sender died mid-send. */
const LEASE_SECONDS = 300;
/** Retries back off exponentially from the base up to this. */
const MAX_BACKOFF_MS = 15 * 60_000;
/** A mail still undelivered after this long is dropped (with an error log): its links have long expired. */
export const GIVE_UP_AFTER_MS = 72 * 3600_000;

/**
 * The durable mail outbox. Requests call `send` (or `enqueue` inside their transaction, then `wake`): one insert,
 * never a network call, so a slow or dead SMTP server neither slows a request nor fails it, and the answer takes
 * the same time whoever the address belongs to. A background job delivers, retrying with backoff while the
 * transport fails; a delivered row is deleted. Several processes can drain one table (rows are claimed with
 * SKIP LOCKED and leased), so delivery is at least once.
 */
export class MailQueue {
  private readonly renderers = new Map<string, MailRenderer>();
  private readonly job: PeriodicJob;
  private stopping = false;

  constructor(
    private readonly sql: Sql,
    private readonly mailer: Mailer,
    private readonly log: FastifyBaseLogger,
    private readonly retryBaseMs: number,
  ) {
    this.job = new PeriodicJob('mail-outbox', () => this.drain(), log);
  }

  define(kind: string, renderer: MailRenderer): void {
    this.renderers.set(kind, renderer);
  }

  /** Records a mail in the caller's transaction; call `wake` after it commits. */
  async enqueue(q: Queryable, intent: MailIntent): Promise<void> {
    if (!this.renderers.has(intent.kind)) throw new Error(`tipchat: no mail renderer for "${intent.kind}"`);
    await q`insert into mail_outbox (kind, to_address, data) values (${intent.kind}, ${intent.to}, ${this.sql.json(intent.data ?? {})})`;
  }

  /** Records a mail and starts delivering it at once. */
  async send(intent: MailIntent): Promise<void> {
    await this.enqueue(this.sql, intent);
    this.wake();
  }

  wake(): void {
    this.job.wake();
  }

  /** Delivers everything due now (the dev outbox route calls this, so a link shows up right after its request). */
  flush(): Promise<void> {
    return this.job.flush();
  }

  start(): void {
    this.job.start(this.retryBaseMs);
  }

  /** Stops after the mail being sent now; claimed mails not yet tried go back to the queue for the next process. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.job.stop();
  }

  /** Mails waiting for delivery (tests and operators). */
  async pending(): Promise<number> {
    const [row] = await this.sql<{ count: number }[]>`select count(*)::int as count from mail_outbox`;
    return row?.count ?? 0;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.sql<OutboxRow[]>`
        update mail_outbox set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
        where id in (
          select id from mail_outbox where next_attempt_at <= now() order by next_attempt_at, id limit ${BATCH} for update skip locked
        )
        returning id, kind, to_address, data, attempts, created_at`;
      for (const [index, row] of rows.entries()) {
        if (this.stopping) {
          const untried = rows.slice(index).map((r) => r.id);
          await this.sql`update mail_outbox set next_attempt_at = now(), attempts = attempts - 1 where id in ${this.sql(untried)}`;
          return;
        }
        await this.deliver(row);
      }
      if (rows.length < BATCH || this.stopping) return;
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    try {
      const renderer = this.renderers.get(row.kind);
      if (!renderer) throw new Error(`no mail renderer for "${row.kind}"`);
      const mail = await renderer({ kind: row.kind, to: row.toAddress, data: row.data });
      if (mail) await this.mailer.send(mail);
      await this.sql`delete from mail_outbox where id = ${row.id}`;
    } catch (error) {
      await this.failed(row, error);
    }
  }

  private async failed(row: OutboxRow, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (Date.now() - row.createdAt.getTime() > GIVE_UP_AFTER_MS) {
      this.log.error(
        { err: error, mail: { id: row.id, kind: row.kind, attempts: row.attempts } },
        'mail dropped after 72 hours of failed attempts',
      );
      await this.sql`delete from mail_outbox where id = ${row.id}`;
      return;
    }
    const backoffMs = Math.min(this.retryBaseMs * 2 ** (row.attempts - 1), MAX_BACKOFF_MS);
    this.log.warn(
      { err: error, mail: { id: row.id, kind: row.kind, attempts: row.attempts } },
      `mail not delivered; retrying in ${Math.round(backoffMs / 1000)} s`,
    );
    await this.sql`
      update mail_outbox set next_attempt_at = now() + make_interval(secs => ${backoffMs / 1000}), last_error = ${message.slice(0, 500)}
      where id = ${row.id}`;
  }
}
