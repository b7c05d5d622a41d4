import { describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../../test/support/database';
import { accounts } from './accounts';
import { isLedgerError } from './errors';
import { balance, balances, post, referenceBalance } from './ledger';
import type { Posting } from './posting';
import { releaseHold, tipPaid, tipReference } from './recipes';

const db = useMigratedDatabase();

let counter = 0;
/** A channel and idempotency keys of the test's own, so tests never see each other's money. */
function fresh() {
  counter += 1;
  const channelId = `ch${counter}_${Date.now().toString(36)}`;
  return { channelId, key: (name: string) => `${channelId}:${name}` };
}

function paid(channelId: string, idempotencyKey: string, gross = 1_000, fee = 55): Posting {
  return {
    kind: 'tip_paid',
    reference: tipReference(`${channelId}-t1`),
    idempotencyKey,
    entries: tipPaid({ channelId, provider: 'dev', currency: 'USD', gross, fee }),
  };
}

const count = async (table: 'ledger_transactions' | 'ledger_entries') => {
  const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from ${db.sql(table)}`;
  return row?.n ?? 0;
};

describe('ledger.post', () => {
  it('writes the transaction and its entries, and balances are their sums', async () => {
    const { channelId, key } = fresh();
    const result = await db.sql.begin((tx) => post(tx, paid(channelId, key('paid'))));
    expect(result.created).toBe(true);
    expect(result.transaction.kind).toBe('tip_paid');

    const rows = await db.sql<{ account: string; currency: string; amount: number }[]>`
      select account, currency, amount from ledger_entries where transaction_id = ${result.transaction.id} order by amount`;
    expect(rows).toEqual(
      [
        { account: 'provider:dev:clearing', currency: 'USD', amount: -1_000 },
        { account: `channel:${channelId}:pending`, currency: 'USD', amount: 945 },
        { account: 'platform:fees', currency: 'USD', amount: 55 },
      ].sort((a, b) => a.amount - b.amount),
    );

    await db.sql.begin((tx) =>
      post(tx, {
        kind: 'hold_released',
        reference: tipReference(`${channelId}-t1`),
        idempotencyKey: key('release'),
        entries: releaseHold({ channelId, currency: 'USD', amount: 900 }),
      }),
    );
    expect(await balance(db.sql, accounts.channelPending(channelId), 'USD')).toBe(45);
    expect(await balance(db.sql, accounts.channelAvailable(channelId), 'USD')).toBe(900);
    expect(await balance(db.sql, accounts.channelAvailable(channelId), 'EUR')).toBe(0);
    expect(await balances(db.sql, accounts.channelPrefix(channelId))).toEqual([
      { account: `channel:${channelId}:available`, currency: 'USD', balance: 900 },
      { account: `channel:${channelId}:pending`, currency: 'USD', balance: 45 },
    ]);
    expect(await referenceBalance(db.sql, tipReference(`${channelId}-t1`), accounts.channelPending(channelId), 'USD')).toBe(45);
  });

  it('keeps one channel’s balances apart from a channel whose id it prefixes or matches with a wildcard', async () => {
    const { channelId, key } = fresh();
    const longer = `${channelId}0`;
    const lookalike = channelId.replace('_', 'x');
    await db.sql.begin(async (tx) => {
      await post(tx, paid(channelId, key('a'), 100, 0));
      await post(tx, paid(longer, key('b'), 200, 0));
      await post(tx, paid(lookalike, key('c'), 300, 0));
    });
    expect(await balances(db.sql, accounts.channelPrefix(channelId))).toEqual([
      { account: `channel:${channelId}:pending`, currency: 'USD', balance: 100 },
    ]);
  });

  it('writes nothing for a refused transaction', async () => {
    const { channelId, key } = fresh();
    const before = [await count('ledger_transactions'), await count('ledger_entries')];
    const unbalanced = paid(channelId, key('bad'));
    const refused = db.sql.begin((tx) =>
      post(tx, { ...unbalanced, entries: unbalanced.entries.map((e, i) => (i === 0 ? { ...e, amount: e.amount - 1 } : e)) }),
    );
    await expect(refused).rejects.toSatisfy((e) => isLedgerError(e, 'UNBALANCED'));
    expect([await count('ledger_transactions'), await count('ledger_entries')]).toEqual(before);
  });

  it('posts the same business event once: a repeat returns the first transaction and writes nothing', async () => {
    const { channelId, key } = fresh();
    const first = await db.sql.begin((tx) => post(tx, paid(channelId, key('evt'))));
    const before = [await count('ledger_transactions'), await count('ledger_entries')];
    // Entries in another order are the same money.
    const reordered = paid(channelId, key('evt'));
    const again = await db.sql.begin((tx) => post(tx, { ...reordered, entries: [...reordered.entries].reverse() }));
    expect(again.created).toBe(false);
    expect(again.transaction.id).toBe(first.transaction.id);
    expect(again.transaction.entries).toHaveLength(3);
    expect([await count('ledger_transactions'), await count('ledger_entries')]).toEqual(before);
    expect(await balance(db.sql, accounts.channelPending(channelId), 'USD')).toBe(945);
  });

  it('refuses a repeat of an event with different money as a conflict, and keeps the first', async () => {
    const { channelId, key } = fresh();
    await db.sql.begin((tx) => post(tx, paid(channelId, key('evt'))));
    const tampered = db.sql.begin((tx) => post(tx, paid(channelId, key('evt'), 2_000, 110)));
    await expect(tampered).rejects.toSatisfy((e) => isLedgerError(e, 'IDEMPOTENCY_CONFLICT'));
    const otherKind = db.sql.begin((tx) => post(tx, { ...paid(channelId, key('evt')), kind: 'refund' }));
    await expect(otherKind).rejects.toSatisfy((e) => isLedgerError(e, 'IDEMPOTENCY_CONFLICT'));
    expect(await balance(db.sql, accounts.channelPending(channelId), 'USD')).toBe(945);
  });

  it('writes exactly one transaction when the same event is posted five times at once', async () => {
    const { channelId, key } = fresh();
    const results = await Promise.all(Array.from({ length: 5 }, () => db.sql.begin((tx) => post(tx, paid(channelId, key('race'))))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.transaction.id)).size).toBe(1);
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from ledger_transactions where idempotency_key = ${key('race')}`;
    expect(row?.n).toBe(1);
    expect(await balance(db.sql, accounts.channelPending(channelId), 'USD')).toBe(945);
  });
});

describe('ledger immutability', () => {
  it('refuses to update or delete entries and transactions, whoever asks', async () => {
    const { channelId, key } = fresh();
    const { transaction } = await db.sql.begin((tx) => post(tx, paid(channelId, key('kept'))));
    const attempts = [
      db.sql`update ledger_entries set amount = amount * 2 where transaction_id = ${transaction.id}`,
      db.sql`delete from ledger_entries where transaction_id = ${transaction.id}`,
      db.sql`update ledger_transactions set reference = 'tip:other' where id = ${transaction.id}`,
      db.sql`delete from ledger_transactions where id = ${transaction.id}`,
      db.sql`truncate ledger_entries, ledger_transactions`,
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toThrow(/ledger rows are immutable/);
    }
    expect(await balance(db.sql, accounts.channelPending(channelId), 'USD')).toBe(945);
    const [row] = await db.sql<{ reference: string }[]>`select reference from ledger_transactions where id = ${transaction.id}`;
    expect(row?.reference).toBe(tipReference(`${channelId}-t1`));
  });

  it('refuses a zero entry at the database too', async () => {
    const { channelId, key } = fresh();
    const { transaction } = await db.sql.begin((tx) => post(tx, paid(channelId, key('zero'))));
    await expect(
      db.sql`insert into ledger_entries (transaction_id, account, currency, amount)
             values (${transaction.id}, 'platform:fees', 'USD', 0)`,
    ).rejects.toThrow(/check constraint/);
  });
});
