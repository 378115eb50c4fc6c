-- Authentication: people's certificates (one certificate may be shared by several people, who then
-- choose with a password), sessions and API tokens (hashed at rest), certificate expiry warnings sent,
-- and the security journal. Runs on PostgreSQL 15 and on PGlite (PostgreSQL 18).

create table user_certificates (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  fingerprint_sha256 char(64) not null check (fingerprint_sha256 ~ '^[0-9a-f]{64}$'),
  subject text not null,
  issuer text not null,
  serial_hex text not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  pem text not null,
  added_at timestamptz not null default now(),
  added_by uuid references users(id) on delete set null,
  detached_at timestamptz,
  detached_by uuid references users(id) on delete set null,
  last_used_at timestamptz
);
-- A certificate is attached at most once to a person at a time; detached rows stay as history.
create unique index user_certificates_active_key on user_certificates (fingerprint_sha256, user_id)
  where detached_at is null;
create index user_certificates_user_idx on user_certificates (user_id);
create index user_certificates_expiry_idx on user_certificates (not_after) where detached_at is null;

-- Only people sharing a certificate need one: it tells them apart after the certificate is checked.
create table user_passwords (
  user_id uuid primary key references users(id) on delete cascade,
  hash text not null,
  updated_at timestamptz not null default now()
);

create table certificate_expiry_warnings (
  certificate_id uuid not null references user_certificates(id) on delete cascade,
  days smallint not null check (days in (90, 30, 7)),
  sent_at timestamptz not null default now(),
  primary key (certificate_id, days)
);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash char(64) not null unique, -- SHA-256 of the cookie value; the value itself is never stored
  user_id uuid not null references users(id) on delete cascade,
  method text not null check (method in ('certificate', 'demo')),
  certificate_fingerprint char(64),
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  ended_at timestamptz,
  end_reason text,
  check ((method = 'certificate') = (certificate_fingerprint is not null))
);
create index sessions_user_idx on sessions (user_id) where ended_at is null;

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  collectivite_id uuid not null references collectivites(id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  token_hash char(64) not null unique,
  prefix text not null,
  permissions text[] not null check (cardinality(permissions) > 0),
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references users(id) on delete set null
);
create index api_tokens_collectivite_idx on api_tokens (collectivite_id);

-- Append-only: who signed in, who was refused and why, denied permissions, token use, administrative
-- changes. Never a secret in it (no token, password or cookie; certificate fingerprints are fine).
create table security_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  kind text not null,
  user_id uuid references users(id) on delete set null,
  collectivite_id uuid references collectivites(id) on delete set null,
  token_id uuid references api_tokens(id) on delete set null,
  certificate_fingerprint char(64),
  ip text,
  request_id text,
  reason text,
  details jsonb not null default '{}'
);
create index security_events_at_idx on security_events (at desc, id desc);
create index security_events_user_idx on security_events (user_id, at desc);
create index security_events_collectivite_idx on security_events (collectivite_id, at desc);
create index security_events_kind_idx on security_events (kind, at desc);
