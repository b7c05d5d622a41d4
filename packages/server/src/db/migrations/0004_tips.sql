-- Tips and what hangs off them: provider events (processed exactly once), refunds, disputes,
-- alerts, goals. Money itself lives in the ledger (0003); these tables hold state and facts.

-- Null: the currency's default tiers (see the SDK's tiers.ts). A streamer's own list otherwise.
alter table channels add column tip_tiers jsonb;

create table tips (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  -- The stream that was live when the tip was started, for per-stream views.
  stream_id uuid references streams (id),
  provider text not null check (provider in ('dev', 'stripe', 'cashfree')),
  -- The provider's payment (PaymentIntent id, Cashfree order id); null until the provider made it.
  payment_id text,
  -- What the tipper's browser must do to pay (client secret, payment session): given again on reload.
  next_action jsonb,
  status text not null default 'pending'
    check (status in ('pending', 'succeeded', 'failed', 'partially_refunded', 'refunded', 'disputed', 'dispute_lost')),
  amount bigint not null check (amount > 0),
  currency char(3) not null,
  -- The platform fee fixed when the tip was created (and shown to the viewer before paying).
  fee bigint not null check (fee >= 0 and fee <= amount),
  display_name text not null,
  message text not null default '',
  -- A blocked term matched: the payment goes through, the text stays hidden until the streamer looks.
  message_held boolean not null default false,
  viewer_id uuid references viewers (id),
  user_id uuid references users (id),
  device_hash text,
  -- The tier the amount fell in when the tip was created: colour, pin time, alert time.
  tier jsonb not null,
  email text,
  -- Gross given back: refunds that went through, and money withdrawn by disputes not won back.
  refunded_amount bigint not null default 0 check (refunded_amount >= 0),
  disputed_amount bigint not null default 0 check (disputed_amount >= 0),
  failure_reason text,
  paid_at timestamptz,
  -- When the net becomes available for payout (business days after paid_at).
  hold_until timestamptz,
  -- Releases posted so far; a dispute won after a release puts money back in pending and asks for one more.
  releases integer not null default 0,
  release_due boolean not null default false,
  chat_message_id uuid,
  read_at timestamptz,
  starred boolean not null default false,
  hidden boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (refunded_amount + disputed_amount <= amount)
);
create unique index tips_provider_payment on tips (provider, payment_id) where payment_id is not null;
create index tips_channel_created on tips (channel_id, created_at desc, id desc);
create index tips_channel_amount on tips (channel_id, amount desc, id desc);
create index tips_channel_paid on tips (channel_id, paid_at) where paid_at is not null;
create index tips_release_due on tips (hold_until) where release_due;

-- Every verified provider event, once: the primary key is the exactly-once guarantee. A second
-- delivery (retry, replay, concurrent duplicate) finds the row and changes nothing.
create table provider_events (
  provider text not null,
  event_id text not null,
  provider_type text not null,
  kind text not null,
  payment_id text not null,
  tip_id uuid references tips (id),
  -- applied | deferred (waits for the payment it reports on) | ignored | unknown_payment | stale
  outcome text not null,
  event jsonb not null,
  received_at timestamptz not null default now(),
  applied_at timestamptz,
  primary key (provider, event_id)
);
create index provider_events_deferred on provider_events (tip_id, received_at) where outcome = 'deferred';

create table tip_refunds (
  tip_id uuid not null references tips (id),
  refund_id text not null,
  amount bigint not null check (amount > 0),
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  -- Whether the ledger took the money out (posted on the first pending/succeeded sighting).
  posted boolean not null default false,
  requested_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tip_id, refund_id)
);

create table tip_disputes (
  tip_id uuid not null references tips (id),
  dispute_id text not null,
  amount bigint not null check (amount > 0),
  status text not null check (status in ('open', 'won', 'lost')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tip_id, dispute_id)
);

-- Tip messages are chat messages too: highlighted, with no viewer when the tipper never joined the chat.
alter table chat_messages alter column viewer_id drop not null;
alter table chat_messages add column tip_id uuid references tips (id);
alter table chat_messages add constraint chat_messages_author check (viewer_id is not null or tip_id is not null);

-- The alert of a paid tip, one per tip. An overlay that reconnects asks for the queued ones.
create table alerts (
  tip_id uuid primary key references tips (id),
  channel_id uuid not null references channels (id),
  status text not null check (status in ('queued', 'shown', 'skipped')),
  -- Queue order; a replay moves the alert to the back of the queue.
  queued_at timestamptz not null default now(),
  shown_at timestamptz,
  skipped_at timestamptz,
  replays integer not null default 0,
  updated_at timestamptz not null default now()
);
create index alerts_queue on alerts (channel_id, queued_at, tip_id) where status = 'queued';
create index alerts_channel_recent on alerts (channel_id, updated_at desc);

create table alert_settings (
  channel_id uuid primary key references channels (id),
  -- Tips below this (minor units of the channel's currency) are not alerted; they still show in chat.
  min_amount bigint not null default 0 check (min_amount >= 0),
  paused boolean not null default false,
  updated_at timestamptz not null default now()
);

create table goals (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  title text not null,
  target bigint not null check (target > 0),
  currency char(3) not null,
  starts_at timestamptz not null default now(),
  deadline timestamptz,
  created_at timestamptz not null default now(),
  -- Set when the streamer replaces or removes the goal; history stays.
  ended_at timestamptz
);
create unique index goals_one_active on goals (channel_id) where ended_at is null;
