-- The syndicat as delegated registration authority (RA) of a qualified certification authority (CA):
-- certificate requests of its members' agents from the file to revocation, group orders sent to the
-- CA at a negotiated price, the evidence documents (personal data, purged after a retention period)
-- and every step's history. Runs on PostgreSQL 15 and on PGlite.

-- The syndicat's RA officers: they check files, meet holders, hand over tokens, see the evidence.
alter table users add column is_ra_officer boolean not null default false;

-- The CAs the syndicat has a contract with, and the documents each requires in a request's file.
create table ra_authorities (
  code text primary key check (code ~ '^[a-z0-9-]{2,40}$'),
  name text not null check (length(name) between 1 and 200),
  -- How orders reach the CA: 'demo' issues from the demo PKI; 'manual' exports the order and
  -- imports the issued certificates by hand (always possible, whatever the connector).
  connector text not null check (connector in ('demo', 'manual')),
  required_documents text[] not null check (
    required_documents <@ array['id-copy', 'election-record', 'subscription-contract', 'legal-rep-approval']::text[]
  ),
  active boolean not null default true,
  created_at timestamptz not null default now()
);

-- A CA's products at the price negotiated by the syndicat (euro cents, excluding tax).
create table ra_products (
  id uuid primary key default gen_random_uuid(),
  authority_code text not null references ra_authorities(code),
  code text not null check (code ~ '^[a-z0-9-]{2,40}$'),
  label text not null check (length(label) between 1 and 200),
  purposes text[] not null check (cardinality(purposes) > 0 and purposes <@ array['actes', 'helios']::text[]),
  price_cents integer not null check (price_cents >= 0),
  validity_months smallint not null check (validity_months between 1 and 60),
  active boolean not null default true,
  unique (authority_code, code)
);

-- Several checked requests sent to one CA together.
create table ra_orders (
  id uuid primary key default gen_random_uuid(),
  number integer generated always as identity unique,
  authority_code text not null references ra_authorities(code),
  ca_reference text,
  note text,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null
);

create table certificate_requests (
  id uuid primary key default gen_random_uuid(),
  number integer generated always as identity unique,
  collectivite_id uuid not null references collectivites(id) on delete restrict,
  kind text not null check (kind in ('new', 'renewal')),
  renews_id uuid references certificate_requests(id) on delete set null,
  -- The holder's account, when known; created at linking otherwise (with holder_roles).
  holder_user_id uuid references users(id) on delete set null,
  holder_name text not null check (length(holder_name) between 1 and 200),
  holder_function text not null check (length(holder_function) between 1 and 200),
  holder_email text not null,
  holder_phone text,
  -- An elected office-holder (maire, adjoint, président): the certificate ends with the mandate.
  holder_is_elected boolean not null default false,
  holder_roles text[] not null default '{transmitter}' check (
    cardinality(holder_roles) > 0
    and holder_roles <@ array['admin', 'preparer', 'transmitter', 'reader', 'archivist']::text[]
  ),
  legal_rep_name text not null check (length(legal_rep_name) between 1 and 200),
  legal_rep_function text not null check (length(legal_rep_function) between 1 and 200),
  purposes text[] not null check (cardinality(purposes) > 0 and purposes <@ array['actes', 'helios']::text[]),
  product_id uuid not null references ra_products(id),
  state text not null check (state in ('draft', 'submitted', 'returned', 'checked', 'sent_to_ca',
    'token_received', 'appointment_set', 'handed_over', 'active', 'renewal_due', 'revocation_requested',
    'renewed', 'revoked', 'expired', 'cancelled')),
  return_reasons text,
  order_id uuid references ra_orders(id) on delete set null,
  -- The negotiated price, frozen when the request is ordered.
  price_cents integer check (price_cents >= 0),
  ca_reference text,
  appointment_at timestamptz,
  appointment_place text,
  handed_over_at timestamptz,
  handed_over_by uuid references users(id) on delete set null,
  -- The issued certificate (delivered by the CA connector or imported as PEM/DER).
  cert_fingerprint char(64) check (cert_fingerprint ~ '^[0-9a-f]{64}$'),
  cert_serial_hex text,
  cert_subject text,
  cert_issuer text,
  cert_not_before timestamptz,
  cert_not_after timestamptz,
  cert_pem text,
  -- Attached to the holder's account, after the holder confirmed it is theirs.
  user_certificate_id uuid references user_certificates(id) on delete set null,
  linked_at timestamptz,
  revocation_reason text check (revocation_reason in ('departure', 'loss', 'compromise', 'end_of_mandate')),
  revocation_note text,
  revocation_requested_at timestamptz,
  revocation_requested_by uuid references users(id) on delete set null,
  revocation_confirmed_at timestamptz,
  revocation_reference text,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- When a final state was reached (renewed, revoked, expired, cancelled): the retention period starts.
  closed_at timestamptz,
  -- Optimistic concurrency: every transition increments it.
  version integer not null default 1
);
create index certificate_requests_collectivite_idx on certificate_requests (collectivite_id, created_at desc);
create index certificate_requests_state_idx on certificate_requests (state, updated_at);
create index certificate_requests_holder_idx on certificate_requests (holder_user_id) where holder_user_id is not null;
create index certificate_requests_order_idx on certificate_requests (order_id) where order_id is not null;
create unique index certificate_requests_cert_key on certificate_requests (cert_fingerprint)
  where cert_fingerprint is not null;
create index certificate_requests_expiry_idx on certificate_requests (cert_not_after)
  where state in ('active', 'renewal_due', 'handed_over');

-- The file's evidence: content in the document store, metadata here. Purged content keeps its row.
create table certificate_request_documents (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references certificate_requests(id) on delete cascade,
  kind text not null check (kind in ('id-copy', 'election-record', 'subscription-contract',
    'legal-rep-approval', 'handover-report', 'other')),
  file_name text not null check (length(file_name) between 1 and 255),
  media_type text not null,
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 char(64) check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid references users(id) on delete set null,
  uploaded_at timestamptz not null,
  review text not null default 'pending' check (review in ('pending', 'accepted', 'refused')),
  review_note text,
  reviewed_by uuid references users(id) on delete set null,
  reviewed_at timestamptz,
  purged_at timestamptz,
  check ((sha256 is null) = (purged_at is not null))
);
create index certificate_request_documents_request_idx on certificate_request_documents (request_id, uploaded_at);
create index certificate_request_documents_sha_idx on certificate_request_documents (sha256) where sha256 is not null;

-- Every move of a request: who, when, from which state to which, and why.
create table certificate_request_events (
  id bigint generated always as identity primary key,
  request_id uuid not null references certificate_requests(id) on delete cascade,
  at timestamptz not null,
  actor_user_id uuid references users(id) on delete set null,
  action text not null,
  from_state text,
  to_state text not null,
  note text
);
create index certificate_request_events_request_idx on certificate_request_events (request_id, id);

-- Expiry reminders sent for a request's certificate (holder, collectivité admins, RA officers).
create table certificate_request_reminders (
  request_id uuid not null references certificate_requests(id) on delete cascade,
  days smallint not null check (days in (90, 30, 7)),
  sent_at timestamptz not null,
  primary key (request_id, days)
);
