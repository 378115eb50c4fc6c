-- Foundation: the operator, its member collectivités, their services, people and roles,
-- the durable job queue. Runs on PostgreSQL 15 and on PGlite (PostgreSQL 18).

create table operator (
  id boolean primary key default true check (id), -- exactly one row: the syndicat running the platform
  name text not null,
  siren char(9) not null,
  email text not null,
  phone text,
  address text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table collectivites (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  siren char(9) not null unique,
  siret char(14),
  type text not null check (type in ('commune', 'communaute_communes', 'communaute_agglomeration',
    'communaute_urbaine', 'metropole', 'syndicat', 'departement', 'region', 'etablissement_public', 'autre')),
  departement varchar(3) not null check (departement ~ '^([0-9]{3}|02A|02B)$'),
  arrondissement smallint not null check (arrondissement between 0 and 9),
  nature_code char(2) not null check (nature_code ~ '^[0-9]{2}$'),
  prefecture_rattachement text not null,
  referent_name text,
  referent_phone text,
  referent_email text,
  return_email text,
  convention_date date,
  convention_reference text,
  modules text[] not null default '{actes}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table services (
  id uuid primary key default gen_random_uuid(),
  collectivite_id uuid not null references collectivites(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  unique (collectivite_id, name)
);

create table users (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  email text not null,
  phone text,
  function text,
  is_operator_admin boolean not null default false,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

-- A person works for one or several collectivités, with one or several roles in each.
create table memberships (
  user_id uuid not null references users(id) on delete cascade,
  collectivite_id uuid not null references collectivites(id) on delete cascade,
  service_id uuid references services(id) on delete set null,
  roles text[] not null check (
    cardinality(roles) > 0
    and roles <@ array['admin', 'preparer', 'transmitter', 'reader', 'archivist']::text[]
  ),
  created_at timestamptz not null default now(),
  primary key (user_id, collectivite_id)
);
create index memberships_collectivite_idx on memberships (collectivite_id);

-- The durable job queue (see src/jobs/). States: pending → running → done | pending (retry) | dead.
create table jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  payload jsonb not null default '{}',
  job_key text,
  collectivite_id uuid references collectivites(id) on delete cascade,
  state text not null default 'pending' check (state in ('pending', 'running', 'done', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null default 25 check (max_attempts >= 1), -- ~14 h of retries with the default back-off
  run_at timestamptz not null default now(),
  locked_at timestamptz,
  locked_by text,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
-- The claim query walks only due pending jobs, oldest first.
create index jobs_claim_idx on jobs (run_at, id) where state = 'pending';
create index jobs_running_idx on jobs (locked_at) where state = 'running';
create index jobs_dead_idx on jobs (updated_at) where state = 'dead';
-- A job key deduplicates while a job with that key is waiting or running.
create unique index jobs_key_idx on jobs (job_key) where job_key is not null and state in ('pending', 'running');
