-- E-mail notifications: per-person preferences, the demo outbox (mails kept instead of sent), and the
-- daily schedules (classification refresh, reminders), claimed once a day across all workers.

create table notification_preferences (
  user_id uuid not null references users(id) on delete cascade,
  kind text not null check (kind in ('ar', 'refus', 'courrier', 'defere', 'rappel')),
  enabled boolean not null,
  primary key (user_id, kind)
);

create table outbox_mails (
  id uuid primary key default gen_random_uuid(),
  message_id text not null,
  created_at timestamptz not null default now(),
  sender text not null,
  recipients text[] not null,
  subject text not null,
  body_text text not null,
  body_html text,
  attachments jsonb not null default '[]',
  raw_sha256 char(64) not null
);
create index outbox_mails_created_idx on outbox_mails (created_at desc);

create table schedules (
  name text primary key,
  last_day date not null
);
