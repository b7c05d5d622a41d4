import type { CurrencyCode } from '@tipchat/sdk/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { type Database, openDatabase, type Queryable } from '../db/connection';
import { loadMigrations, migrate } from '../db/migrator';
import { type Account, accounts } from './accounts';
import { balance, balances, post } from './ledger';
import type { LedgerEntryInput, Posting } from './posting';

/**
 * Channel balances are kept in `ledger_balances` by a trigger (migration 0008); the entries stay the truth. Whatever
 * is posted — several postings per transaction, several channels and currencies, rolled-back transactions, postings
 * racing — the table must equal the sums of the entries, and `balance()`/`balances()` must answer the same as the sums.
 */

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.config);
  // Entries posted before the balances existed: the migration must backfill them.
  const all = await loadMigrations();
  await migrate(
    db.sql,
    all.filter((m) => m.name < '0008'),
  );
  await db.sql.begin(async (tx) => {
    await post(tx, transfer('early:1', accounts.providerClearing('dev'), accounts.channelPending('early'), 'USD', 1_000));
    await post(tx, transfer('early:2', accounts.channelPending('early'), accounts.channelAvailable('early'), 'USD', 400));
    await post(tx, transfer('early:3', accounts.platformFees, accounts.channelAvailable('early'), 'INR', 7_000));
  });
  await migrate(db.sql, all);
});

afterAll(async () => {
  await db.close();
  await testDb.drop();
});

let keys = 0;
function transfer(key: string, from: Account, to: Account, currency: CurrencyCode, amount: number): Posting {
  return {
    kind: 'fee',
    reference: `test:${key}`,
    idempotencyKey: `${key}:${++keys}`,
    entries: [
      { account: from, currency, amount: -amount },
      { account: to, currency, amount },
    ],
  };
}

interface Row {
  account: string;
  currency: string;
  balance: number;
}
const key = (r: Row) => `${r.account}|${r.currency.trim()}`;
const asMap = (rows: readonly Row[]) => new Map(rows.map((r) => [key(r), r.balance]));

/** The oracle: channel balances summed from every entry. */
const summed = (q: Queryable) =>
  q<Row[]>`
    select account, currency, sum(amount)::bigint as balance from ledger_entries
    where account like 'channel:%' group by account, currency`;
const kept = (q: Queryable) => q<Row[]>`select account, currency, balance from ledger_balances`;

describe('ledger_balances', () => {
  it('is backfilled from the entries posted before it existed, channel accounts only', async () => {
    expect(asMap(await kept(db.sql))).toEqual(
      new Map([
        ['channel:early:pending|USD', 600],
        ['channel:early:available|USD', 400],
        ['channel:early:available|INR', 7_000],
      ]),
    );
    expect(await balance(db.sql, accounts.channelAvailable('early'), 'INR')).toBe(7_000);
    // Platform and provider accounts are still summed.
    expect(await balance(db.sql, accounts.platformFees, 'INR')).toBe(-7_000);
    expect(await balance(db.sql, accounts.providerClearing('dev'), 'USD')).toBe(-1_000);
  });

  it('moves with the posting’s transaction: a rolled-back posting leaves no trace', async () => {
    const before = asMap(await kept(db.sql));
    const rolledBack = db.sql.begin(async (tx) => {
      await post(tx, transfer('gone', accounts.providerClearing('dev'), accounts.channelPending('gone'), 'USD', 500));
      await post(tx, transfer('gone2', accounts.channelPending('early'), accounts.channelAvailable('early'), 'USD', 100));
      expect(await balance(tx, accounts.channelAvailable('early'), 'USD')).toBe(500);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(asMap(await kept(db.sql))).toEqual(before);
    expect(await balance(db.sql, accounts.channelPending('gone'), 'USD')).toBe(0);
  });

  it('adds up postings that race on the same channel accounts', async () => {
    const channel = 'racing';
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.sql.begin((tx) =>
          post(tx, transfer(`race${i}`, accounts.channelPending(channel), accounts.channelAvailable(channel), 'USD', i + 1)),
        ),
      ),
    );
    expect(await balances(db.sql, accounts.channelPrefix(channel))).toEqual([
      { account: accounts.channelAvailable(channel), currency: 'USD', balance: 78 },
      { account: accounts.channelPending(channel), currency: 'USD', balance: -78 },
    ]);
    expect(asMap(await kept(db.sql))).toEqual(asMap(await summed(db.sql)));
  });

  it('equals the sums of the entries after random postings, and balance()/balances() agree with the sums', async () => {
    const pool: Account[] = [
      ...['p0', 'p1', 'p2'].flatMap((c) => [
        accounts.channelPending(c),
        accounts.channelAvailable(c),
        accounts.channelInTransit(c),
        accounts.channelPaidOut(c),
      ]),
      accounts.platformFees,
      accounts.platformDisputeLosses,
      accounts.providerClearing('stripe'),
    ];
    const legArb = fc.record({
      from: fc.constantFrom(...pool),
      to: fc.constantFrom(...pool),
      currency: fc.constantFrom<CurrencyCode>('USD', 'INR', 'JPY'),
      amount: fc.integer({ min: 1, max: 1_000_000 }),
    });
    // A transaction: a few postings of a few legs each, committed or rolled back.
    const txArb = fc.record({
      postings: fc.array(fc.array(legArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      commit: fc.boolean(),
    });

    // What the earlier tests posted, then every committed posting: what each balance must be.
    const model = asMap(await db.sql<Row[]>`select account, currency, sum(amount)::bigint as balance from ledger_entries group by 1, 2`);
    await fc.assert(
      fc.asyncProperty(fc.array(txArb, { minLength: 1, maxLength: 6 }), async (txs) => {
        for (const { postings, commit } of txs) {
          const made: Posting[] = postings.map((legs) => ({
            kind: 'fee',
            reference: 'test:random',
            idempotencyKey: `random:${++keys}`,
            entries: legs.flatMap((l): LedgerEntryInput[] => [
              { account: l.from, currency: l.currency, amount: -l.amount },
              { account: l.to, currency: l.currency, amount: l.amount },
            ]),
          }));
          const done = db.sql.begin(async (tx) => {
            for (const p of made) await post(tx, p);
            if (!commit) throw new Error('roll back');
          });
          if (!commit) {
            await expect(done).rejects.toThrow('roll back');
            continue;
          }
          await done;
          for (const e of made.flatMap((p) => p.entries))
            model.set(`${e.account}|${e.currency}`, (model.get(`${e.account}|${e.currency}`) ?? 0) + e.amount);
        }

        const table = asMap(await kept(db.sql));
        expect(table).toEqual(asMap(await summed(db.sql)));
        expect([...table.keys()].filter((k) => !k.startsWith('channel:'))).toEqual([]);
        for (const account of pool) {
          for (const currency of ['USD', 'INR', 'JPY'] as const) {
            expect(await balance(db.sql, account, currency), `${account} ${currency}`).toBe(model.get(`${account}|${currency}`) ?? 0);
          }
        }
        for (const c of ['p0', 'p1', 'p2']) {
          const listed = await balances(db.sql, accounts.channelPrefix(c));
          const expected = [...model].filter(([k]) => k.startsWith(accounts.channelPrefix(c))).map(([k, v]) => [k, v] as const);
          expect(asMap(listed)).toEqual(new Map(expected));
        }
        // A prefix that spans every account mixes kept channel balances with summed platform and provider ones.
        const everything = await balances(db.sql, '');
        const oracle = await db.sql<
          Row[]
        >`select account, currency, sum(amount)::bigint as balance from ledger_entries group by account, currency`;
        expect(everything.map(key)).toEqual(oracle.map(key).sort());
        expect(asMap(everything)).toEqual(asMap(oracle));
      }),
      { numRuns: 25 },
    );
  });
});
