-- Event-log retention. Where each channel's kept log starts: every event with
-- seq <= pruned_through_seq may be gone, so a reader asking for events after a sequence below it
-- gets 410 EVENTS_PRUNED instead of a silent gap. A small table of its own, written only by the
-- retention job: pruning never locks the hot `channels` row that every event append updates.
-- No row: nothing was pruned yet.
--
-- No index on channel_events.created_at: the job walks a channel's log forward from its
-- watermark through the primary key (channel_id, seq), so the write path keeps one index.
create table channel_event_retention (
  channel_id uuid primary key references channels (id),
  pruned_through_seq bigint not null default 0
);
