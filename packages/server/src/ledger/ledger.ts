import type { CurrencyCode } from '@tipchat/sdk/protocol';
import type { Queryable, TransactionSql } from '../db/connection';
import type { Account } from './accounts';
import { LedgerError } from './errors';
import { entriesSignature, type LedgerKind, type Posting, validatePosting } from './posting';

export interface LedgerEntry {
  account: Account;
  currency: CurrencyCode;
  amount: number;
}

export interface LedgerTransaction {
  id: string;
  kind: LedgerKind;
  reference: string;
  idempotencyKey: string;
  createdAt: Date;
  entries: LedgerEntry[];
}

export interface PostResult {
  transaction: LedgerTransaction;
  /** False when this business event was already posted: nothing new was written. */
  created: boolean;
}

/**
 * Writes a balanced transaction inside the caller's database transaction, so the money moves
 * together with the state change that causes it (or not at all).
 *
 * Exactly once per idempotency key, even under concurrency: `on conflict do nothing` makes a
 * concurrent duplicate wait for the first writer's commit and then write nothing; it then reads
 * the first transaction back. A repeat whose kind, reference or entries differ is refused with
 * IDEMPOTENCY_CONFLICT: the same event must never mean two different amounts of money.
 */
export async function post(tx: TransactionSql, posting: Posting): Promise<PostResult> {
  validatePosting(posting);
  const entries = posting.entries.map((e) => ({ account: e.account, currency: e.currency, amount: e.amount }));
  // The transaction and its entries in one statement: no entry is written when the key was posted before.
  const [inserted] = await tx<{ id: string; createdAt: Date }[]>`
    with inserted as (
      insert into ledger_transactions (kind, reference, idempotency_key)
      values (${posting.kind}, ${posting.reference}, ${posting.idempotencyKey})
      on conflict (idempotency_key) do nothing
      returning id, created_at
    ),
    written as (
      insert into ledger_entries (transaction_id, account, currency, amount)
      select inserted.id, e.entry ->> 'account', e.entry ->> 'currency', (e.entry ->> 'amount')::bigint
      from inserted, jsonb_array_elements(${tx.json(entries)}::jsonb) with ordinality as e (entry, n)
      order by e.n
    )
    select id, created_at from inserted`;
  if (inserted) {
    const transaction = {
      id: inserted.id,
      kind: posting.kind,
      reference: posting.reference,
      idempotencyKey: posting.idempotencyKey,
      createdAt: inserted.createdAt,
      entries,
    };
    return { transaction, created: true };
  }
  const existing = await findByIdempotencyKey(tx, posting.idempotencyKey);
  if (!existing) throw new Error('ledger: idempotency key conflicted but no transaction holds it');
  if (
    existing.kind !== posting.kind ||
    existing.reference !== posting.reference ||
    entriesSignature(existing.entries) !== entriesSignature(posting.entries)
  ) {
    throw new LedgerError('IDEMPOTENCY_CONFLICT', 'this business event was already posted with different money', {
      idempotencyKey: posting.idempotencyKey,
      transactionId: existing.id,
    });
  }
  return { transaction: existing, created: false };
}

export async function findByIdempotencyKey(q: Queryable, idempotencyKey: string): Promise<LedgerTransaction | null> {
  const [row] = await q<Omit<LedgerTransaction, 'entries'>[]>`
    select id, kind, reference, idempotency_key, created_at
    from ledger_transactions where idempotency_key = ${idempotencyKey}`;
  if (!row) return null;
  const entries = await q<LedgerEntry[]>`
    select account, currency, amount from ledger_entries where transaction_id = ${row.id} order by id`;
  return { ...row, entries: entries.map((e) => ({ account: e.account, currency: e.currency, amount: e.amount })) };
}

/**
 * Channel accounts are kept in `ledger_balances` by a trigger, in the transaction that posts (see
 * migration 0008): reading one costs a row. The platform's and providers' accounts are summed.
 */
const isChannelAccount = (account: string) => account.startsWith('channel:');

/** LIKE pattern for a prefix: `%`, `_` and `\` in it match only themselves. */
const prefixPattern = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** An account's balance in one currency (0 for an unused account). */
export async function balance(q: Queryable, account: Account, currency: CurrencyCode): Promise<number> {
  const [row] = isChannelAccount(account)
    ? await q<{ balance: number }[]>`select balance from ledger_balances where account = ${account} and currency = ${currency}`
    : await q<{ balance: number }[]>`
        select coalesce(sum(amount), 0)::bigint as balance
        from ledger_entries where account = ${account} and currency = ${currency}`;
  return row?.balance ?? 0;
}

export interface AccountBalance {
  account: Account;
  currency: CurrencyCode;
  balance: number;
}

/**
 * Every account starting with `prefix` (e.g. `channel:<id>:`) that has entries, per currency, by account then
 * currency. A channel prefix reads only the kept balances; a prefix that may name other accounts sums theirs.
 */
export async function balances(q: Queryable, accountPrefix: string): Promise<AccountBalance[]> {
  const pattern = prefixPattern(accountPrefix);
  const channels = isChannelAccount(accountPrefix) || 'channel:'.startsWith(accountPrefix);
  const others = !isChannelAccount(accountPrefix);
  const rows = [
    ...(channels ? await q<AccountBalance[]>`select account, currency, balance from ledger_balances where account like ${pattern}` : []),
    ...(others
      ? await q<AccountBalance[]>`
          select account, currency, sum(amount)::bigint as balance
          from ledger_entries where account like ${pattern} and account not like 'channel:%'
          group by account, currency`
      : []),
  ];
  return rows.sort((a, b) => compare(a.account, b.account) || compare(a.currency, b.currency));
}

/** Accounts and currency codes are ASCII: code-unit order, the same whatever the database's collation. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What the transactions of one reference (e.g. `tip:<id>`) moved on one account: how much of a
 * tip is still pending, how much of it was refunded. Summed: one reference has a few entries.
 */
export async function referenceBalance(q: Queryable, reference: string, account: Account, currency: CurrencyCode): Promise<number> {
  const [row] = await q<{ balance: number }[]>`
    select coalesce(sum(e.amount), 0)::bigint as balance
    from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
    where t.reference = ${reference} and e.account = ${account} and e.currency = ${currency}`;
  return row?.balance ?? 0;
}
