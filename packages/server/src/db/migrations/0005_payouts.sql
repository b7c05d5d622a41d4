-- Payouts: where a streamer is paid (Cashfree beneficiaries, Stripe connected accounts), payout
-- requests and their transfers, and the history of both. The money is in the ledger (0003): a
-- request moves available → in_transit in the same transaction that records it.

create table payout_beneficiaries (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  -- Our id at the provider (Cashfree beneficiary_id). Kept when the details are replaced.
  provider_beneficiary_id text not null,
  kind text not null check (kind in ('bank_account', 'upi')),
  name text not null,
  -- Only what is needed: masked values for display, a keyed hash to recognise the same instrument again.
  account_masked text,
  ifsc text,
  vpa_masked text,
  pan_masked text,
  instrument_hash text not null,
  email text,
  phone text,
  -- unverified | valid | invalid | inconclusive
  verification text not null default 'unverified',
  -- The provider's name-match result and the name the bank holds, shown to the streamer.
  name_match text,
  name_at_bank text,
  verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  removed_at timestamptz
);
create unique index payout_beneficiaries_provider_id on payout_beneficiaries (provider_beneficiary_id) where removed_at is null;
create index payout_beneficiaries_channel on payout_beneficiaries (channel_id) where removed_at is null;

-- What happened to a channel's beneficiaries: added, verified, replaced, removed (masked details only).
create table payout_beneficiary_history (
  id bigint generated always as identity primary key,
  channel_id uuid not null references channels (id),
  beneficiary_id uuid not null references payout_beneficiaries (id),
  action text not null,
  details jsonb not null default '{}',
  actor_user_id uuid references users (id),
  created_at timestamptz not null default now()
);
create index payout_beneficiary_history_channel on payout_beneficiary_history (channel_id, id desc);

-- A streamer outside India: their Stripe Express connected account.
create table payout_stripe_accounts (
  channel_id uuid primary key references channels (id),
  stripe_account_id text not null unique,
  charges_enabled boolean not null default false,
  payouts_enabled boolean not null default false,
  details_submitted boolean not null default false,
  requirements jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table payouts (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  rail text not null check (rail in ('cashfree', 'stripe')),
  -- cashfree: the beneficiary; stripe: the connected account.
  beneficiary_id uuid references payout_beneficiaries (id),
  stripe_account_id text,
  amount bigint not null check (amount > 0),
  currency char(3) not null,
  -- requested → processing → succeeded (→ reversed) | failed; unknown: the provider call timed out, the poller finds out.
  status text not null check (status in ('requested', 'processing', 'unknown', 'succeeded', 'failed', 'reversed')),
  -- manual | sweep
  origin text not null,
  -- Our transfer id at the provider (also its idempotency key): a retry never pays twice.
  transfer_id text not null unique,
  provider_reference text,
  failure_reason text,
  requested_by uuid references users (id),
  next_poll_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  settled_at timestamptz
);
create index payouts_channel on payouts (channel_id, created_at desc);
create index payouts_to_poll on payouts (next_poll_at) where status in ('processing', 'unknown');

-- Automatic daily payouts per channel; claimed with FOR UPDATE SKIP LOCKED by one process at a time.
create table payout_schedules (
  channel_id uuid primary key references channels (id),
  enabled boolean not null default false,
  next_run_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Transfer webhooks (and poll results), each applied once, like provider_events for tips.
create table payout_events (
  provider text not null,
  event_id text not null,
  payout_id uuid references payouts (id),
  outcome text not null,
  event jsonb not null,
  received_at timestamptz not null default now(),
  primary key (provider, event_id)
);
