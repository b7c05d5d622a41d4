-- Provider events a person must look at: refused ones (a test-mode event on a live server, an
-- amount that contradicts the tip) and applied-but-odd ones (an overpayment booked to suspense, a
-- dispute larger than what was left of the tip, a refund cancelled after it succeeded). One row
-- per (provider, event id, reason): a provider retrying a refused delivery bumps `deliveries`
-- instead of adding rows. Written in the webhook's own transaction when it commits, or in one of
-- its own when the delivery is refused (so the refusal leaves a trace even though nothing else is
-- written).
create table provider_event_reviews (
  id uuid primary key default gen_random_uuid(),
  provider text not null,
  event_id text not null,
  provider_type text not null,
  -- Machine-readable: livemode_mismatch, payment_mismatch, overpayment, second_payment,
  -- dispute_exceeds_tip, dispute_reopened, refund_failed_after_success, refund_succeeded_after_failure.
  reason text not null,
  -- What the reason means for this event (amounts, what was booked where), for the reviewer.
  details jsonb not null default '{}',
  payment_id text not null default '',
  -- Known when the event is about one of our tips.
  channel_id uuid references channels (id),
  tip_id uuid references tips (id),
  -- The delivery as the provider sent it (parsed; the signature covered its bytes). May hold the
  -- payer's contact details: only admins read it.
  payload jsonb not null,
  deliveries integer not null default 1,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references users (id),
  note text,
  constraint provider_event_reviews_once unique (provider, event_id, reason),
  check ((resolved_at is null) = (resolved_by is null))
);
create index provider_event_reviews_open on provider_event_reviews (created_at desc, id desc) where resolved_at is null;
create index provider_event_reviews_resolved on provider_event_reviews (resolved_at desc, id desc) where resolved_at is not null;

-- A dispute may withdraw more than what refunds left of the tip (a chargeback of the whole charge
-- after a partial refund). `amount` stays what the provider withdrew; `excess` is the part beyond
-- what was left, booked against the channel's available balance as a receivable (see
-- src/ledger/recipes.ts disputeExcess) and not counted in tips.disputed_amount.
alter table tip_disputes add column excess bigint not null default 0;
alter table tip_disputes add constraint tip_disputes_excess check (excess >= 0 and excess <= amount);
