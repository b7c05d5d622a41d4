-- Derived state of tips kept by delta, in the transaction that changes a tip: the streamer's
-- feed totals, the leaderboards and the active goal's progress. No write path and no hot read
-- scans a channel's history any more; the queries that used to (now test oracles) define what
-- these tables must equal. Triggers keep them so that no writer of `tips` can forget one.
--
-- A tip counts (for goals and leaderboards) once paid: a paid_at, and not pending or failed.
-- What it counts for is its net: the amount less what was refunded and what disputes took.

-- Who tipped, for the leaderboards: their account (on the tip, or behind the viewer who tipped),
-- else their chat identity, else — anonymous tips carry free-text names — the display name folded
-- for case, compatibility forms and whitespace, so "Big Tipper" and "bigtipper" are one person.
alter table tips add column tipper_key text;

create function tip_tipper_key(tip_user uuid, viewer uuid, display_name text) returns text
language sql stable as $$
  select case
    when coalesce(tip_user, (select v.user_id from viewers v where v.id = viewer)) is not null
      then 'user:' || coalesce(tip_user, (select v.user_id from viewers v where v.id = viewer))::text
    when viewer is not null then 'viewer:' || viewer::text
    else 'name:' || lower(regexp_replace(normalize(display_name, NFKC), '[[:space:]]+', '', 'g'))
  end
$$;

update tips set tipper_key = tip_tipper_key(user_id, viewer_id, display_name);
alter table tips alter column tipper_key set not null;

create function tips_set_tipper_key() returns trigger language plpgsql as $$
begin
  new.tipper_key := tip_tipper_key(new.user_id, new.viewer_id, new.display_name);
  return new;
end $$;
create trigger tips_tipper_key before insert on tips for each row execute function tips_set_tipper_key();

-- A tipper's counted tips in time order: only a refund that empties a tipper's latest tip in a
-- period walks back through them, to find the one before.
create index tips_channel_tipper_paid on tips (channel_id, currency, tipper_key, paid_at) where paid_at is not null;

-- Where a leaderboard period that contains `at` began, in UTC: the day, the ISO week (Monday),
-- the month; all time is one bucket.
create function leaderboard_bucket(period text, at timestamptz) returns timestamptz
language sql stable as $$
  select case period
    when 'day' then date_trunc('day', at, 'UTC')
    when 'week' then date_trunc('week', at, 'UTC')
    when 'month' then date_trunc('month', at, 'UTC')
    else '-infinity'::timestamptz
  end
$$;

-- Per channel, currency, period bucket and tipper: the net they brought, how many of their tips
-- still bring money, and when the latest of those was paid (ties rank by who got there first).
-- No foreign keys: a projection of tips, rebuilt from them, and not worth a key check per tip.
create table leaderboard_totals (
  channel_id uuid not null,
  currency char(3) not null,
  period text not null check (period in ('day', 'week', 'month', 'all')),
  bucket timestamptz not null,
  tipper text not null,
  amount bigint not null,
  tip_count integer not null,
  reached_at timestamptz,
  primary key (channel_id, currency, period, bucket, tipper)
);
create index leaderboard_totals_rank on leaderboard_totals (channel_id, currency, period, bucket, amount desc, reached_at, tipper)
  where amount > 0;

-- The name a tipper shows under: the one on their latest counted tip.
create table leaderboard_names (
  channel_id uuid not null,
  currency char(3) not null,
  tipper text not null,
  display_name text not null,
  paid_at timestamptz not null,
  tip_id uuid not null,
  primary key (channel_id, currency, tipper)
);

-- The active goal's figures, moved by every counted tip in its currency and time window.
alter table goals add column progress bigint not null default 0;
alter table goals add column tip_count integer not null default 0;

-- The feed's totals per channel, currency, status and hidden mark: a feed filtered by status
-- alone (its default) adds up a handful of rows. `fee` is the platform's share kept, its
-- proportional part of what was reversed going back, as the feed counts one tip.
create table tip_totals (
  channel_id uuid not null,
  currency char(3) not null,
  status text not null,
  hidden boolean not null,
  count bigint not null,
  amount bigint not null,
  fee bigint not null,
  refunded bigint not null,
  primary key (channel_id, currency, status, hidden)
);

create function tip_totals_add(t tips, sign integer) returns void language plpgsql as $$
begin
  insert into tip_totals as tt (channel_id, currency, status, hidden, count, amount, fee, refunded)
  values (
    t.channel_id, t.currency, t.status, t.hidden, sign,
    sign * (t.amount - t.refunded_amount - t.disputed_amount),
    sign * (t.fee - div(t.fee::numeric * (t.refunded_amount + t.disputed_amount), t.amount))::bigint,
    sign * (t.refunded_amount + t.disputed_amount)
  )
  on conflict (channel_id, currency, status, hidden) do update set
    count = tt.count + excluded.count, amount = tt.amount + excluded.amount,
    fee = tt.fee + excluded.fee, refunded = tt.refunded + excluded.refunded;
end $$;

-- What a tip brings while it counts, 0 otherwise.
create function tip_counted_net(t tips) returns bigint language sql immutable as $$
  select case when t.paid_at is not null and t.status not in ('pending', 'failed')
    then t.amount - t.refunded_amount - t.disputed_amount else 0 end
$$;

-- Moves the leaderboards and the active goal by the change of one counted tip's net, from
-- `old_net` to `new_net` (0 when it did not count). The tip's channel, currency, tipper and
-- paid_at never change once it counts, so every period bucket it is in is known from `t`.
create function tip_figures_move(t tips, old_net bigint, new_net bigint, newly_counted boolean) returns void
language plpgsql as $$
declare
  count_delta integer := (new_net > 0)::integer - (old_net > 0)::integer;
begin
  insert into leaderboard_totals as lt (channel_id, currency, period, bucket, tipper, amount, tip_count, reached_at)
  select t.channel_id, t.currency, p.period, leaderboard_bucket(p.period, t.paid_at), t.tipper_key,
    new_net - old_net, count_delta, case when new_net > 0 then t.paid_at end
  from unnest(array['day', 'week', 'month', 'all']) as p (period)
  on conflict (channel_id, currency, period, bucket, tipper) do update set
    amount = lt.amount + excluded.amount,
    tip_count = lt.tip_count + excluded.tip_count,
    -- greatest() passes over nulls: a tip that stops bringing money leaves reached_at alone here.
    reached_at = greatest(lt.reached_at, excluded.reached_at);

  -- The tip that set a bucket's reached_at no longer brings money: the one before it does.
  if old_net > 0 and new_net <= 0 then
    update leaderboard_totals lt set reached_at = (
      select max(o.paid_at) from tips o
      where o.channel_id = t.channel_id and o.currency = t.currency and o.tipper_key = t.tipper_key
        and o.paid_at >= lt.bucket and o.paid_at is not null
        and leaderboard_bucket(lt.period, o.paid_at) = lt.bucket and tip_counted_net(o) > 0)
    where lt.channel_id = t.channel_id and lt.currency = t.currency and lt.tipper = t.tipper_key
      and lt.period in ('day', 'week', 'month', 'all') and lt.bucket = leaderboard_bucket(lt.period, t.paid_at)
      and lt.reached_at = t.paid_at;
  end if;

  if newly_counted then
    insert into leaderboard_names as n (channel_id, currency, tipper, display_name, paid_at, tip_id)
    values (t.channel_id, t.currency, t.tipper_key, t.display_name, t.paid_at, t.id)
    on conflict (channel_id, currency, tipper) do update set
      display_name = excluded.display_name, paid_at = excluded.paid_at, tip_id = excluded.tip_id
      where (excluded.paid_at, excluded.tip_id) > (n.paid_at, n.tip_id);
  end if;

  update goals g set progress = g.progress + (new_net - old_net), tip_count = g.tip_count + count_delta
  where g.channel_id = t.channel_id and g.ended_at is null and g.currency = t.currency
    and t.paid_at >= g.starts_at and (g.deadline is null or t.paid_at <= g.deadline);
end $$;

create function tips_project() returns trigger language plpgsql as $$
declare
  old_net bigint := 0;
  new_net bigint := 0;
  old_counts boolean := false;
  new_counts boolean := false;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    old_net := tip_counted_net(old);
    old_counts := old.paid_at is not null and old.status not in ('pending', 'failed');
    perform tip_totals_add(old, -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    new_net := tip_counted_net(new);
    new_counts := new.paid_at is not null and new.status not in ('pending', 'failed');
    perform tip_totals_add(new, 1);
  end if;
  if old_counts or new_counts then
    perform tip_figures_move(case when new_counts then new else old end, old_net, new_net, new_counts and not old_counts);
  end if;
  return null;
end $$;

create trigger tips_project_insert after insert on tips for each row execute function tips_project();
-- Only a change to what the figures read: marks like read/starred and the release bookkeeping pass by.
create trigger tips_project_update after update on tips for each row
  when ((old.status, old.hidden, old.amount, old.fee, old.refunded_amount, old.disputed_amount, old.paid_at, old.currency)
    is distinct from (new.status, new.hidden, new.amount, new.fee, new.refunded_amount, new.disputed_amount, new.paid_at, new.currency))
  execute function tips_project();
-- Tips are not deleted by tipchat; a row removed by hand (or a test) leaves the figures right all the same.
create trigger tips_project_delete after delete on tips for each row execute function tips_project();

-- Everything so far, as the oracles compute it.
insert into tip_totals (channel_id, currency, status, hidden, count, amount, fee, refunded)
select channel_id, currency, status, hidden, count(*),
  sum(amount - refunded_amount - disputed_amount),
  sum(fee - div(fee::numeric * (refunded_amount + disputed_amount), amount))::bigint,
  sum(refunded_amount + disputed_amount)
from tips group by channel_id, currency, status, hidden;

insert into leaderboard_totals (channel_id, currency, period, bucket, tipper, amount, tip_count, reached_at)
select t.channel_id, t.currency, p.period, leaderboard_bucket(p.period, t.paid_at), t.tipper_key,
  sum(tip_counted_net(t)), count(*) filter (where tip_counted_net(t) > 0), max(t.paid_at) filter (where tip_counted_net(t) > 0)
from tips t cross join unnest(array['day', 'week', 'month', 'all']) as p (period)
where t.paid_at is not null and t.status not in ('pending', 'failed')
group by t.channel_id, t.currency, p.period, leaderboard_bucket(p.period, t.paid_at), t.tipper_key;

insert into leaderboard_names (channel_id, currency, tipper, display_name, paid_at, tip_id)
select distinct on (channel_id, currency, tipper_key) channel_id, currency, tipper_key, display_name, paid_at, id
from tips where paid_at is not null and status not in ('pending', 'failed')
order by channel_id, currency, tipper_key, paid_at desc, id desc;

update goals g set progress = f.progress, tip_count = f.tip_count
from (
  select g2.id, coalesce(sum(tip_counted_net(t)), 0) as progress, count(t.id) filter (where tip_counted_net(t) > 0) as tip_count
  from goals g2 left join tips t on t.channel_id = g2.channel_id and t.currency = g2.currency
    and t.paid_at >= g2.starts_at and (g2.deadline is null or t.paid_at <= g2.deadline)
    and t.status not in ('pending', 'failed')
  where g2.ended_at is null
  group by g2.id
) f
where g.id = f.id;
