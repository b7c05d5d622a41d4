-- How a channel's alerts are spoken (text-to-speech synthesised on the server with eSpeak-NG, so
-- OBS hears it like any alert sound). Kept apart from alert_settings: whether an alert speaks is
-- the overlay's or the alert design's choice; this is the voice it speaks with. A channel without
-- a row speaks with the defaults (features/tts/settings.ts).
create table tts_settings (
  channel_id uuid primary key references channels (id),
  voice text not null default 'en-us',
  -- Words per minute.
  rate integer not null default 175 check (rate between 80 and 400),
  volume integer not null default 100 check (volume between 0 and 100),
  -- Tips below this (minor units of the channel's currency) are not spoken.
  min_amount bigint not null default 0 check (min_amount >= 0),
  updated_at timestamptz not null default now()
);
