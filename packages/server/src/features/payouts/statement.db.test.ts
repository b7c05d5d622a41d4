import { type CurrencyCode, minorToDecimalString, STATEMENT_MAX_DAYS } from '@tipchat/sdk/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { type Database, openDatabase, type TransactionSql } from '../../db/connection';
import { loadMigrations, migrate } from '../../db/migrator';
import { type Account, accounts, type ChannelBucket, type LedgerEntryInput } from '../../ledger';
import { STATEMENT_COLUMNS, type StatementWindow, statementCsv, statementWindow } from './statement';

// The statement read a page at a time must be exactly the statement of the whole history cut to the window: every
// page size, every window, ties on the same instant, other channels and platform accounts kept out, and the opening
// balance of each bucket counted from everything before the window.

const DAY = 86_400_000;

describe('statementWindow', () => {
  const now = new Date('2026-11-20T10:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();

  it('defaults to the longest window ending now, or at `to`, or starting at `from`', () => {
    expect(statementWindow({}, now)).toEqual({ from: new Date(now.getTime() - STATEMENT_MAX_DAYS * DAY), to: now });
    const to = iso(now.getTime() - 40 * DAY);
    expect(statementWindow({ to, currency: 'INR' }, now)).toEqual({
      from: new Date(Date.parse(to) - STATEMENT_MAX_DAYS * DAY),
      to: new Date(to),
      currency: 'INR',
    });
    const from = iso(now.getTime() - 10 * DAY);
    expect(statementWindow({ from }, now)).toEqual({ from: new Date(from), to: now });
    const year = { from: '2025-04-01T00:00:00+05:30', to: '2026-04-01T00:00:00+05:30' };
    expect(statementWindow(year, now)).toEqual({ from: new Date(year.from), to: new Date(year.to) });
  });

  it('refuses an empty or reversed window, and one longer than the maximum, naming the field', () => {
    const refused = (query: { from?: string; to?: string }) => {
      try {
        statementWindow(query, now);
      } catch (error) {
        return error;
      }
      throw new Error('accepted');
    };
    const at = iso(now.getTime() - DAY);
    expect(refused({ from: at, to: at })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'querystring.to' }] });
    expect(refused({ from: at, to: iso(now.getTime() - 2 * DAY) })).toMatchObject({ details: [{ path: 'querystring.to' }] });
    const tooLong = { from: iso(now.getTime() - (STATEMENT_MAX_DAYS + 1) * DAY), to: iso(now.getTime()) };
    expect(refused(tooLong)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'querystring.from' }] });
    // `from` alone, more than the maximum ago: `to` (now) is too far from it.
    expect(refused({ from: tooLong.from })).toMatchObject({ details: [{ path: 'querystring.from' }] });
    expect(statementWindow({ from: iso(now.getTime() - STATEMENT_MAX_DAYS * DAY) }, now).to).toEqual(now);
  });
});

interface Seeded {
  at: Date;
  /** Microseconds after `at`: a JavaScript Date cannot hold them, the statement's order must. */
  micros: number;
  kind: string;
  reference: string;
  transactionId: string;
  entries: LedgerEntryInput[];
}

describe('statementCsv', () => {
  let testDb: TestDatabase;
  let db: Database;
  const channel = '00000000-0000-4000-8000-0000000000c1';
  const other = '00000000-0000-4000-8000-0000000000c2';
  const start = Date.parse('2026-01-01T00:00:00Z');
  /** Everything posted, in posting (entry id) order. */
  const seeded: Seeded[] = [];

  /** Posts with a chosen date, as ledger.post would have on that day (the trigger keeps the balances all the same). */
  async function postAt(tx: TransactionSql, at: Date, micros: number, kind: string, entries: LedgerEntryInput[]) {
    const reference = `test:${seeded.length}`;
    const createdAt = tx`${at}::timestamptz + ${micros} * interval '1 microsecond'`;
    const [row] = await tx<{ id: string }[]>`
      insert into ledger_transactions (kind, reference, idempotency_key, created_at)
      values (${kind}, ${reference}, ${`statement:${seeded.length}`}, ${createdAt}) returning id`;
    if (!row) throw new Error('no transaction');
    for (const e of entries) {
      await tx`
        insert into ledger_entries (transaction_id, account, currency, amount, created_at)
        values (${row.id}, ${e.account}, ${e.currency}, ${e.amount}, ${createdAt})`;
    }
    seeded.push({ at, micros, kind, reference, transactionId: row.id, entries });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await openDatabase(testDb.config);
    await migrate(db.sql, await loadMigrations());
    // 60 transactions on 20 milliseconds (three in each: two on the same microsecond), in two currencies, across the channel's four buckets,
    // with the platform and another channel in some of them.
    const buckets: ChannelBucket[] = ['pending', 'available', 'in_transit', 'paid_out'];
    await db.sql.begin(async (tx) => {
      // Posted out of date order, so entry ids do not follow time: the statement must order by date.
      for (let n = 0; n < 60; n++) {
        const i = (n * 7) % 60;
        const at = new Date(start + Math.floor(i / 3) * 7 * DAY);
        const currency: CurrencyCode = i % 4 === 3 ? 'JPY' : 'USD';
        const from = accounts.channel(channel, buckets[i % 4] as ChannelBucket);
        const to = accounts.channel(channel, buckets[(i + 1) % 4] as ChannelBucket);
        const amount = 100 + i * 37;
        const entries: LedgerEntryInput[] =
          i % 5 === 0
            ? [
                { account: accounts.providerClearing('dev'), currency, amount: -amount },
                { account: accounts.channelPending(channel), currency, amount: amount - 10 },
                { account: accounts.platformFees, currency, amount: 10 },
              ]
            : [
                { account: from, currency, amount: -amount },
                { account: to, currency, amount },
              ];
        const micros = i % 3 === 2 ? 250 : 0;
        await postAt(tx, at, micros, i % 5 === 0 ? 'tip_paid' : 'fee', entries);
        if (i % 7 === 0) {
          await postAt(tx, at, micros, 'tip_paid', [
            { account: accounts.providerClearing('dev'), currency, amount: -5 },
            { account: accounts.channelPending(other), currency, amount: 5 },
          ]);
        }
      }
    });
  });

  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  /** The oracle: the channel's entries in order, running balances summed over everything before, cut to the window. */
  function expected(window: StatementWindow): string {
    const prefix = accounts.channelPrefix(channel);
    const running = new Map<string, number>();
    const lines = [STATEMENT_COLUMNS.join(',')];
    // Stable: posting (entry id) order on ties.
    const ordered = [...seeded].sort((a, b) => a.at.getTime() - b.at.getTime() || a.micros - b.micros);
    for (const t of ordered) {
      for (const e of t.entries) {
        if (!e.account.startsWith(prefix) || (window.currency && e.currency !== window.currency)) continue;
        const key = `${e.account}|${e.currency}`;
        const balance = (running.get(key) ?? 0) + e.amount;
        running.set(key, balance);
        if (t.at < window.from || t.at >= window.to) continue;
        const bucket = (e.account as Account).slice(prefix.length);
        lines.push(
          [
            t.at.toISOString(),
            t.kind,
            t.reference,
            bucket,
            e.currency,
            minorToDecimalString(e.amount, e.currency),
            minorToDecimalString(balance, e.currency),
            t.transactionId,
          ].join(','),
        );
      }
    }
    return lines.map((line) => `${line.replace(/[^,]+/g, (f) => `"${f}"`)}\r\n`).join('');
  }

  async function read(window: StatementWindow, pageRows?: number): Promise<{ text: string; chunks: number }> {
    let text = '';
    let chunks = 0;
    for await (const chunk of await statementCsv(db.sql, channel, window, pageRows)) {
      text += chunk;
      chunks += 1;
    }
    return { text, chunks };
  }

  it('is the whole history when the window holds it, a page at a time whatever the page size', async () => {
    const all = { from: new Date(start - DAY), to: new Date(start + 365 * DAY) };
    const whole = await read(all);
    expect(whole.text).toBe(expected(all));
    // 12 tips with one entry on the channel, 48 movements between its buckets with two.
    const rows = whole.text.split('\r\n').length - 2;
    expect(rows).toBe(12 + 48 * 2);
    expect(whole.chunks).toBe(2);
    // Header, then one chunk per page.
    const paged = await read(all, 7);
    expect(paged.text).toBe(whole.text);
    expect(paged.chunks).toBe(1 + Math.ceil(rows / 7));
    // A page size that divides the rows exactly ends with an empty read, not a missing row.
    const exact = rows % 2 === 0 ? 2 : 1;
    expect((await read(all, exact)).text).toBe(whole.text);
  });

  it('cuts any window out of the whole statement, opening with the true balances, for any page size', async () => {
    let withRows = 0;
    const instant = fc.integer({ min: -2, max: 22 }).map((week) => new Date(start + week * 7 * DAY + (week % 2) * 3_600_000));
    await fc.assert(
      fc.asyncProperty(
        instant,
        instant,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<CurrencyCode | undefined>(undefined, 'USD', 'JPY'),
        async (a, b, pageRows, currency) => {
          fc.pre(a.getTime() !== b.getTime());
          const [from, to] = a < b ? [a, b] : [b, a];
          const window: StatementWindow = { from, to, ...(currency && { currency }) };
          const { text } = await read(window, pageRows);
          expect(text).toBe(expected(window));
          if (text.split('\r\n').length > 2) withRows += 1;
        },
      ),
      { numRuns: 40 },
    );
    // The windows did cut rows out, not only empty statements.
    expect(withRows).toBeGreaterThan(10);
  });

  it('shows no other channel’s entries, nor the platform’s', async () => {
    const { text } = await read({ from: new Date(start - DAY), to: new Date(start + 365 * DAY) });
    expect(text).not.toContain(other);
    expect(text).not.toMatch(/platform|provider/);
    const none = await statementCsv(db.sql, '00000000-0000-4000-8000-0000000000c3', { from: new Date(start), to: new Date(start + DAY) });
    const lines: string[] = [];
    for await (const chunk of none) lines.push(chunk);
    expect(lines).toEqual([`${STATEMENT_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`]);
  });
});
