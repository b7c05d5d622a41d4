-- Channel event log, viewers, chat, moderation, overlay and API keys.

-- The last sequence number handed out per channel. Taking the next one locks the channel row
-- for the rest of the transaction, so sequences commit in order and without gaps.
alter table channels add column last_event_seq bigint not null default 0;
-- Only a hash: the key itself is shown once, when it is rotated.
alter table channels add column overlay_key_hash text;

create table channel_events (
  channel_id uuid not null references channels (id),
  seq bigint not null,
  type text not null,
  -- 'public' reaches every viewer; 'staff' only the streamer, moderators, overlays and API keys.
  visibility text not null check (visibility in ('public', 'staff')),
  data jsonb not null,
  created_at timestamptz not null default now(),
  primary key (channel_id, seq)
);

-- How far the relay has published each channel's log. Behind last_event_seq means committed
-- events still to publish (after a crash, the next start publishes them).
create table relay_cursors (
  channel_id uuid primary key references channels (id),
  published_seq bigint not null default 0
);

create table viewers (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  kind text not null check (kind in ('guest', 'account')),
  user_id uuid references users (id),
  display_name text not null,
  -- Case- and look-alike-folded name: two viewers cannot pass for each other.
  name_key text not null,
  token_hash text,
  device_hash text,
  last_message_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index viewers_channel_name_key on viewers (channel_id, name_key);
create unique index viewers_channel_user_key on viewers (channel_id, user_id) where user_id is not null;
create unique index viewers_token_key on viewers (token_hash) where token_hash is not null;
create index viewers_device on viewers (channel_id, device_hash);

create table chat_settings (
  channel_id uuid primary key references channels (id),
  enabled boolean not null default true,
  slow_mode_seconds integer not null default 0 check (slow_mode_seconds between 0 and 86400),
  signed_in_only boolean not null default false,
  verified_only boolean not null default false,
  max_message_length integer not null default 200 check (max_message_length between 1 and 500),
  links_allowed boolean not null default false,
  pinned_message_id uuid,
  -- The sequence of the last 'chat.cleared' event: history shows only messages after it.
  cleared_before_seq bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table chat_messages (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  viewer_id uuid not null references viewers (id),
  seq bigint not null,
  text text not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  deleted_by uuid references users (id)
);
create index chat_messages_history on chat_messages (channel_id, seq desc) where deleted_at is null;
create index chat_messages_viewer on chat_messages (viewer_id, created_at desc);

create table moderators (
  channel_id uuid not null references channels (id),
  user_id uuid not null references users (id),
  added_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  primary key (channel_id, user_id)
);

create table bans (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  viewer_id uuid not null references viewers (id),
  user_id uuid references users (id),
  device_hash text,
  reason text not null default '',
  expires_at timestamptz,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  lifted_at timestamptz,
  lifted_by uuid references users (id)
);
create index bans_active_viewer on bans (channel_id, viewer_id) where lifted_at is null;
create index bans_active_device on bans (channel_id, device_hash) where lifted_at is null and device_hash is not null;
create index bans_active_user on bans (channel_id, user_id) where lifted_at is null and user_id is not null;

create table blocked_terms (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  term text not null,
  kind text not null check (kind in ('word', 'pattern')),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create unique index blocked_terms_unique on blocked_terms (channel_id, kind, term);

create table moderation_log (
  id bigint generated always as identity primary key,
  channel_id uuid not null references channels (id),
  actor_user_id uuid not null references users (id),
  action text not null,
  target_viewer_id uuid references viewers (id),
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index moderation_log_channel on moderation_log (channel_id, id desc);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  channel_id uuid not null references channels (id),
  name text not null,
  key_hash text not null unique,
  scopes jsonb not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
