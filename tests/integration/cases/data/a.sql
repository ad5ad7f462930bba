-- Reference data (kind data): the tables of schema "Ref Data" (configured in
-- test_cases.py OPTIONS) and the platform's configuration tables.
create schema "Ref Data";
create table "Ref Data"."Plans" (
  id int primary key,
  "Name" text,
  price numeric,
  "api key" text,          -- sensitive: compared, never shown
  updated_at timestamptz   -- excluded
);
insert into "Ref Data"."Plans" values
  (1, 'free', 0, 'k1', '2024-01-01'),
  (2, 'pro', 10, 'k2', '2024-01-01'),
  (3, 'team', 30, 'k3', '2024-01-01'),
  (4, 'old', 5, 'k4', '2024-01-01');
-- No key: compared as a multiset of rows.
create table "Ref Data"."select" ("a.b" text, n int);
insert into "Ref Data"."select" values ('x', 1), ('x', 1), ('y', 2);
-- A compared column's type differs: that, not its rows, is the finding.
create table "Ref Data"."quo""te ñ" (id int primary key, v int);
insert into "Ref Data"."quo""te ñ" values (1, 1);
-- Rows matched by another key on each side.
create table "Ref Data"."Keyed" (id int, code text, primary key (id));
insert into "Ref Data"."Keyed" values (1, 'a');
-- Only in A.
create table "Ref Data"."Gone" (id int);

create schema storage;
create table storage.buckets (
  id text primary key, name text, owner uuid, public boolean default false,
  file_size_limit bigint, allowed_mime_types text[],
  created_at timestamptz default now()
);
insert into storage.buckets (id, name, public, allowed_mime_types) values
  ('avatars', 'avatars', false, '{image/png,image/jpeg}');

create schema cron;
create table cron.job (
  jobid bigserial primary key, schedule text not null, command text not null,
  nodename text not null default 'localhost', nodeport int not null default 5432,
  database text not null default current_database(),
  username text not null default current_user, active boolean not null default true,
  jobname text
);
insert into cron.job (schedule, command, database, jobname) values
  ('0 3 * * *', 'vacuum analyze', 'postgres', 'nightly vacuum');

create schema vault;
create table vault.secrets (
  id uuid primary key, name text, description text not null default '',
  secret text not null, created_at timestamptz default now()
);
insert into vault.secrets (id, name, description, secret) values
  ('00000000-0000-0000-0000-000000000001', 'stripe_key', 'Stripe API key', 'sk_live_A');
