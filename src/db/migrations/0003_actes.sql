-- ACTES transmission: acts and their documents, timeline, outbound envelopes, inbound mails and
-- messages, the préfecture's letters, each collectivité's classification, idempotency keys.

create table acts (
  id uuid primary key default gen_random_uuid(),
  collectivite_id uuid not null references collectivites(id) on delete restrict,
  numero_interne varchar(15) not null,
  nature char(2) not null check (nature in ('DE', 'AR', 'AI', 'CC', 'BF', 'AU')),
  decision_date date not null,
  objet text not null check (length(objet) between 1 and 500),
  matiere_codes smallint[] not null check (cardinality(matiere_codes) between 2 and 5),
  classification_date date not null,
  previous_id_acte text,
  document_papier boolean not null default false,
  publication_date date,
  state text not null default 'draft' check (state in ('draft', 'awaiting_confirmation', 'queued', 'built',
    'sent', 'acknowledged', 'refused', 'error', 'cancelling', 'cancelled')),
  -- From the préfecture's AR (1-2): the act's identifier and its legal date of receipt.
  id_acte text,
  received_date date,
  sent_at timestamptz,
  -- The préfecture's words when it refused the act (1-3 or envelope anomaly).
  refusal_nature text,
  refusal_detail text,
  last_error text,
  deferral_deadline date,
  transmission_id uuid,
  created_by uuid references users(id) on delete set null,
  submitted_by uuid references users(id) on delete set null,
  confirmed_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- NumeroInterne is unique for ever within a collectivité (replies are matched on it).
  unique (collectivite_id, numero_interne)
);
create index acts_list_idx on acts (collectivite_id, created_at desc, id);
create index acts_state_idx on acts (collectivite_id, state, created_at desc);
create index acts_decision_idx on acts (collectivite_id, decision_date);
create index acts_id_acte_idx on acts (id_acte) where id_acte is not null;
create index acts_objet_fts_idx on acts using gin (to_tsvector('french', objet));

create table act_documents (
  act_id uuid not null references acts(id) on delete cascade,
  collectivite_id uuid not null references collectivites(id) on delete restrict,
  position smallint not null check (position >= 1), -- 1 = main document, 2… = annexes
  typology char(5) not null,
  original_name text not null,
  extension text not null,
  media_type text not null,
  sha256 char(64) not null,
  size bigint not null check (size >= 0),
  signature_sha256 char(64),
  created_at timestamptz not null default now(),
  primary key (act_id, position)
);

create table act_events (
  id bigint generated always as identity primary key,
  act_id uuid not null references acts(id) on delete cascade,
  collectivite_id uuid not null references collectivites(id) on delete restrict,
  at timestamptz not null default now(),
  kind text not null,
  actor_id uuid references users(id) on delete set null,
  detail jsonb not null default '{}'
);
create index act_events_act_idx on act_events (act_id, id);

-- Every envelope we build: its archive is stored once and resent as is after an ambiguous failure.
create table transmissions (
  id uuid primary key default gen_random_uuid(),
  collectivite_id uuid not null references collectivites(id) on delete restrict,
  act_id uuid references acts(id) on delete restrict,
  prefecture_message_id uuid,
  message_code text not null,
  envelope_name text not null unique,
  archive_name text not null,
  -- For messages other than 1-1 (built when queued): the message XML and documents, in the store.
  message_file text,
  message_sha256 char(64),
  documents jsonb not null default '[]',
  archive_sha256 char(64),
  archive_size bigint,
  state text not null default 'building' check (state in ('building', 'built', 'sent', 'failed')),
  attempts integer not null default 0,
  last_outcome text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index transmissions_act_idx on transmissions (act_id);
create index transmissions_message_idx on transmissions (prefecture_message_id, message_code);
create index transmissions_sent_idx on transmissions (sent_at) where state = 'sent';

-- The daily envelope counter per SIREN (EACT--{SIREN}--{YYYYMMDD}-{n}.xml).
create table envelope_counters (
  siren char(9) not null,
  day date not null,
  last_value integer not null,
  primary key (siren, day)
);

-- Reply mails, stored verbatim (in the document store) before anything else happens.
create table inbound_mails (
  id uuid primary key default gen_random_uuid(),
  source text not null,
  message_id text,
  raw_sha256 char(64) not null,
  size bigint not null,
  received_at timestamptz not null default now(),
  state text not null default 'stored' check (state in ('stored', 'processed', 'unmatched', 'failed')),
  error text,
  processed_at timestamptz
);
create index inbound_mails_state_idx on inbound_mails (state, received_at);

-- Each @CTES message found in a mail; the same message (same bytes, name and addressee) is applied once,
-- however many copies of the mail arrive. A 7-2 is the same XML for every collectivité of a département:
-- its file name and envelope make it distinct.
create table inbound_messages (
  id uuid primary key default gen_random_uuid(),
  mail_id uuid not null references inbound_mails(id) on delete restrict,
  file_name text not null,
  raw_sha256 char(64) not null,
  dedup_key char(64) not null unique,
  code text not null,
  act_id uuid references acts(id) on delete set null,
  collectivite_id uuid references collectivites(id) on delete set null,
  state text not null check (state in ('applied', 'unmatched', 'invalid')),
  detail text,
  created_at timestamptz not null default now()
);
create index inbound_messages_unmatched_idx on inbound_messages (created_at) where state <> 'applied';

-- Letters from the préfecture about an act (2-1, 3-1, 4-1, 5-1) and where their answer stands.
create table prefecture_messages (
  id uuid primary key default gen_random_uuid(),
  act_id uuid not null references acts(id) on delete restrict,
  collectivite_id uuid not null references collectivites(id) on delete restrict,
  code text not null check (code in ('2-1', '3-1', '4-1', '5-1')),
  date_courrier_pref date not null,
  state text not null default 'received' check (state in ('received', 'acknowledged', 'answered',
    'answer_acknowledged')),
  description text,
  documents jsonb not null default '[]',
  answer_code text,
  answer_deadline date,
  read_at timestamptz,
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (act_id, code, date_courrier_pref)
);
create index prefecture_messages_collectivite_idx on prefecture_messages (collectivite_id, received_at desc);

-- The current classification of each collectivité (from the last 7-2), and when it was checked.
create table classifications (
  collectivite_id uuid primary key references collectivites(id) on delete cascade,
  date_version date not null,
  raw_sha256 char(64) not null,
  model jsonb not null,
  checked_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Idempotency keys of creating API requests: the same key replays the first answer.
create table idempotency_keys (
  collectivite_id uuid not null references collectivites(id) on delete cascade,
  key text not null check (length(key) between 1 and 200),
  request_hash char(64) not null,
  status integer not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (collectivite_id, key)
);
