-- Files a streamer uploads for alerts (images, GIFs, short videos, sounds), kept in the database so
-- every server process and the embedded mode serve the same bytes with no shared disk. A file is
-- named by the sha256 of its bytes: the URL /media/<sha256>.<ext> never changes meaning, so it is
-- cached for a year. The same bytes uploaded by two channels are two rows (each channel's quota
-- counts its own); serving reads any of them.
create table media_uploads (
  channel_id uuid not null references channels (id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- What the bytes are, sniffed from their first bytes on upload (never the name or the declared type).
  media_type text not null,
  size integer not null check (size > 0),
  bytes bytea not null,
  created_at timestamptz not null default now(),
  primary key (channel_id, sha256)
);

create index media_uploads_sha256 on media_uploads (sha256);

-- The alert designer's variations (JSON validated by the SDK's alertDesignSchema on every write).
-- Null: the channel never designed its alerts, which play the classic card.
alter table alert_settings add column design jsonb;
