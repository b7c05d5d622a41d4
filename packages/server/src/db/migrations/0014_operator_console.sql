-- The operator console (admin role): restrictions of streamer accounts, the platform fee kept in
-- the database with its history, and an audit log of what admins did.

-- A streamer account the operator has restricted: the account still signs in (its dashboard says
-- why), but its channel takes no new tips. Not users.status = 'restricted', which is an account
-- its owner deactivated (no sign-in at all). One row while restricted; lifting deletes it, and the
-- audit log keeps the history.
create table operator_restrictions (
  user_id uuid primary key references users (id),
  reason text not null,
  restricted_by uuid references users (id),
  restricted_at timestamptz not null default now()
);

-- The platform fee, newest row in force (effective_at <= now()). With no row, the configuration's
-- PLATFORM_FEE_BPS / PLATFORM_FEE_FIXED apply. A tip stores the fee it was quoted (tips.fee), so a
-- new row never changes a tip already started.
create table platform_fee_settings (
  id bigint generated always as identity primary key,
  basis_points integer not null check (basis_points between 0 and 5000),
  -- Fixed part per currency in minor units, e.g. {"INR": 300, "USD": 30}; a currency left out has none.
  fixed jsonb not null default '{}',
  effective_at timestamptz not null default now(),
  set_by uuid references users (id),
  reason text not null default '',
  created_at timestamptz not null default now()
);
create index platform_fee_settings_effective on platform_fee_settings (effective_at desc, id desc);

-- What admins did: who, what, to what, why, when. Append-only by convention (nothing updates it).
create table admin_audit_log (
  id bigint generated always as identity primary key,
  actor_id uuid references users (id),
  -- e.g. account.restrict, account.unrestrict, fee.set, tip.refund
  action text not null,
  -- What it was done to: 'user', 'tip', 'fee'; and its id when it has one.
  target_type text not null,
  target_id text,
  reason text not null default '',
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index admin_audit_log_created on admin_audit_log (created_at desc, id desc);
create index admin_audit_log_target on admin_audit_log (target_type, target_id);
