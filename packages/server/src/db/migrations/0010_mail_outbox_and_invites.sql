-- Mail leaves the request path. A request only records what to send (one insert, the same
-- whether or not an account exists); a background job renders and sends it, retrying with
-- backoff while SMTP is away. `kind` names the mail and `data` its inputs: the job renders
-- the text when it sends, so reset and verification tokens are issued at delivery time and are
-- never stored here. A delivered row is deleted.
create table mail_outbox (
  id bigserial primary key,
  kind text not null,
  to_address text not null,
  data jsonb not null default '{}',
  attempts integer not null default 0,
  -- Due time; a claimed row is pushed into the future (a lease), so a crashed sender's row comes back.
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now()
);
create index mail_outbox_due on mail_outbox (next_attempt_at);

-- One-time invitations to register (REGISTRATION=invite), made by an admin. Only a hash of
-- the token is kept, as for mailed tokens.
create table registration_invites (
  token_hash text primary key,
  created_by uuid references users (id),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references users (id),
  created_at timestamptz not null default now()
);
