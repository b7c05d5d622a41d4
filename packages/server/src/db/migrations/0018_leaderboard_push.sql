-- Leaderboard pushes coalesced per channel. A paid tip used to read and push all four
-- leaderboards in its own transaction: at 150 tips/s, 150 pushes of four boards a second to every
-- viewer of the channel. Now the figures' trigger marks the channel as due and a push (after the
-- commit, at most once a second per channel) reads the boards and clears the mark. The mark is in
-- the database, so a push cut off by a crash is made by the next start's (or another process's)
-- sweep; nothing is lost, and a push always carries the newest figures.
alter table channels add column leaderboards_due_at timestamptz;
create index channels_leaderboards_due on channels (leaderboards_due_at) where leaderboards_due_at is not null;

create or replace function tip_figures_move(t tips, old_net bigint, new_net bigint, newly_counted boolean) returns void
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

  -- The leaderboards moved: due to be pushed (features/goals/leaderboard-push.ts pushes them
  -- coalesced, at most once a second per channel, and clears this). Every transaction that moves a
  -- tip's money holds the channel's row lock first (src/realtime/channel-lock.ts), so this update
  -- waits for nobody; it is skipped while a push is already due.
  if new_net <> old_net then
    update channels set leaderboards_due_at = now() where id = t.channel_id and leaderboards_due_at is null;
  end if;

  update goals g set progress = g.progress + (new_net - old_net), tip_count = g.tip_count + count_delta
  where g.channel_id = t.channel_id and g.ended_at is null and g.currency = t.currency
    and t.paid_at >= g.starts_at and (g.deadline is null or t.paid_at <= g.deadline);
end $$;
