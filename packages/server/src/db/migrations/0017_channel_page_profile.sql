-- The tip page's profile beyond name, description and avatar: a banner image across its top and
-- the streamer's own links (their stream, socials), at most five https URLs in the order given.
alter table channels
  add column banner_url text,
  add column links jsonb not null default '[]'::jsonb check (jsonb_typeof(links) = 'array' and jsonb_array_length(links) <= 5);
