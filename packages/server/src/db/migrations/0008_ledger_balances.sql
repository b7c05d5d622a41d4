-- Channel balances kept by the database, by delta, in the transaction that posts the entries: a
-- balance read or a payout request costs one row, not a sum over the channel's whole history.
-- The entries stay the truth (tests check this table against their sums).
--
-- Only channel accounts: platform:* and provider:* are touched by every tip of every channel, so
-- a row of theirs would make all channels' postings queue on it. They are read rarely and are
-- still summed from the entries.
create table ledger_balances (
  account text not null,
  currency char(3) not null,
  balance bigint not null,
  primary key (account, currency)
);
-- Prefix lookups (`channel:<id>:%`) whatever the collation. The trigger only ever changes
-- `balance`, which no index holds, so its updates stay HOT and never touch the indexes.
create index ledger_balances_account_prefix on ledger_balances (account text_pattern_ops);

-- One upsert per account an INSERT touched, in account order. Every transaction that posts to a
-- channel holds the channel's row lock first (src/realtime/channel-lock.ts), so two of them never
-- wait for each other's balance rows in a cycle; the fixed order is a second guard for one INSERT
-- that posts to several channels. Entries are immutable (0003), so inserts are all there is.
create function ledger_balances_add() returns trigger language plpgsql as $$
begin
  insert into ledger_balances (account, currency, balance)
  select account, currency, sum(amount) from new_entries
  where account like 'channel:%'
  group by account, currency
  order by account, currency
  on conflict (account, currency) do update set balance = ledger_balances.balance + excluded.balance;
  return null;
end
$$;

-- Created before the backfill: creating it locks ledger_entries against inserts until this
-- migration commits, so no entry can land between the backfill's read and the trigger.
create trigger ledger_entries_balances after insert on ledger_entries
  referencing new table as new_entries
  for each statement execute function ledger_balances_add();

insert into ledger_balances (account, currency, balance)
select account, currency, sum(amount) from ledger_entries
where account like 'channel:%'
group by account, currency;

-- The statement reads one channel's entries by time, a page at a time (and, for its opening
-- balances, sums those since its window's start), never the channel's whole history.
create index ledger_entries_channel_time on ledger_entries (split_part(account, ':', 2), created_at, id)
  include (account, currency, amount)
  where account like 'channel:%';
