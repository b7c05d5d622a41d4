-- Idempotency keys: a retried chat send or tip creation (same Idempotency-Key header, or the same
-- clientMessageId on the socket's chat:send) answers with the first result instead of storing a
-- second row.
--
-- scope: who may reuse the key and where — 'chat:<channel>:<viewer>' or 'tip:<channel>:<caller>' —
-- so one caller's key never answers with another caller's message or tip.
-- fingerprint: a hash of the request the key was first used with; the same key with another
-- request is refused (422 IDEMPOTENCY_KEY_REUSED) rather than answered with an unrelated result.
-- chat_message_id / tip_id: what the first request made (no foreign keys: the key row is written
-- in the same statement batch as the row it names, and expires on its own).
-- response: a tip creation's first answer, once the payment provider gave it; null while the
-- first request is still at the provider (a concurrent retry then gets 409 IDEMPOTENCY_KEY_IN_USE).
--
-- Keys are kept at least 24 hours; the expiry job deletes older rows in batches by created_at.
create table idempotency_keys (
  scope text not null,
  key text not null,
  fingerprint text not null,
  chat_message_id uuid,
  tip_id uuid,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);
