-- Accounts, sessions, mail tokens, channels and streams.

create table server_settings (
  key text primary key,
  value text not null
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  email_verified_at timestamptz,
  password_hash text not null,
  display_name text not null,
  role text not null default 'streamer' check (role in ('streamer', 'admin')),
  status text not null default 'active' check (status in ('active', 'restricted')),
  restricted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (email);

-- One-time tokens sent by mail. Only a hash is stored: a database leak does not hand out links.
create table email_tokens (
  token_hash text primary key,
  user_id uuid not null references users (id),
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  email text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index email_tokens_user_purpose on email_tokens (user_id, purpose);

-- A login: the family of refresh tokens that rotate from one sign-in.
create table auth_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoke_reason text,
  user_agent text,
  created_at timestamptz not null default now()
);
create index auth_sessions_user on auth_sessions (user_id) where revoked_at is null;

create table refresh_tokens (
  token_hash text primary key,
  session_id uuid not null references auth_sessions (id),
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index refresh_tokens_session on refresh_tokens (session_id);

create table channels (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references users (id),
  slug text not null,
  display_name text not null,
  description text not null default '',
  avatar_url text,
  currency text not null,
  min_tip bigint not null check (min_tip > 0),
  max_tip bigint not null check (max_tip >= min_tip),
  tip_presets jsonb not null,
  theme jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index channels_slug_key on channels (slug);
create unique index channels_owner_key on channels (owner_id);

create table streams (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  title text not null,
  started_at timestamptz not null default now(),
  ended_at timestamptz
);
create unique index streams_one_live_per_channel on streams (channel_id) where ended_at is null;
create index streams_channel_started on streams (channel_id, started_at desc);
