-- Double-entry ledger. Amounts are signed integer minor units, credit-positive (see
-- src/ledger/accounts.ts); the entries of a transaction sum to zero per currency (checked by
-- the ledger code before writing). Balances are sums of entries, never stored.

create table ledger_transactions (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  -- What caused it, e.g. 'tip:<id>': a tip's money is summed across its transactions.
  reference text not null,
  -- One per business event: posting the same event twice finds the first one.
  idempotency_key text not null,
  created_at timestamptz not null default now(),
  constraint ledger_transactions_idempotency_key unique (idempotency_key)
);
create index ledger_transactions_reference on ledger_transactions (reference);

create table ledger_entries (
  id bigint generated always as identity primary key,
  transaction_id uuid not null references ledger_transactions (id),
  account text not null,
  currency char(3) not null,
  amount bigint not null check (amount <> 0),
  created_at timestamptz not null default now()
);
-- Balance queries: one account (exact match) or all of a channel's accounts (prefix, hence
-- text_pattern_ops so LIKE 'channel:<id>:%' uses the index whatever the collation).
create index ledger_entries_account_currency on ledger_entries (account text_pattern_ops, currency) include (amount);
create index ledger_entries_transaction on ledger_entries (transaction_id);

-- The ledger is append-only: a mistake is corrected by a new, reversing transaction, so the
-- history of every balance stays auditable. Refuse changes at the database, whoever asks.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'ledger rows are immutable: % on % refused', tg_op, tg_table_name
    using errcode = 'restrict_violation';
end
$$;

create trigger ledger_transactions_immutable before update or delete on ledger_transactions
  for each row execute function ledger_refuse_change();
create trigger ledger_transactions_no_truncate before truncate on ledger_transactions
  for each statement execute function ledger_refuse_change();
create trigger ledger_entries_immutable before update or delete on ledger_entries
  for each row execute function ledger_refuse_change();
create trigger ledger_entries_no_truncate before truncate on ledger_entries
  for each statement execute function ledger_refuse_change();
