create schema "Ref Data";
create table "Ref Data"."Plans" (
  id int primary key,
  "Name" text,
  price numeric,
  "api key" text,
  updated_at timestamptz
);
-- Rows inserted in another order (physical order never matters); 2's price
-- and 3's name and api key differ, 4 is missing, 5 is extra; updated_at
-- differs everywhere but is excluded.
insert into "Ref Data"."Plans" values
  (5, 'new', 50, 'k5', '2025-06-01'),
  (3, 'Team', 30, 'other', '2025-06-01'),
  (2, 'pro', 12, 'k2', '2025-06-01'),
  (1, 'free', 0, 'k1', '2025-06-01');
create table "Ref Data"."select" ("a.b" text, n int);
insert into "Ref Data"."select" values ('y', 2), ('x', 1), ('z', 3);
create table "Ref Data"."quo""te ñ" (id int primary key, v bigint);
insert into "Ref Data"."quo""te ñ" values (1, 2);
create table "Ref Data"."Keyed" (id int, code text, primary key (id, code));
insert into "Ref Data"."Keyed" values (1, 'a');

create schema storage;
create table storage.buckets (
  id text primary key, name text, owner uuid, public boolean default false,
  file_size_limit bigint, allowed_mime_types text[],
  created_at timestamptz default now()
);
insert into storage.buckets (id, name, public, allowed_mime_types) values
  ('avatars', 'avatars', true, '{image/png,image/jpeg}'),
  ('docs', 'docs', false, null);

create schema cron;
create table cron.job (
  jobid bigserial primary key, schedule text not null, command text not null,
  nodename text not null default 'localhost', nodeport int not null default 5432,
  database text not null default current_database(),
  username text not null default current_user, active boolean not null default true,
  jobname text
);
-- Another jobid (not compared): the job is matched by its name.
insert into cron.job (jobid, schedule, command, database, jobname) values
  (7, '0 4 * * *', 'vacuum analyze', 'postgres', 'nightly vacuum');

create schema vault;
create table vault.secrets (
  id uuid primary key, name text, description text not null default '',
  secret text not null, created_at timestamptz default now()
);
-- Another value (never read) and description.
insert into vault.secrets (id, name, description, secret) values
  ('00000000-0000-0000-0000-000000000002', 'stripe_key', 'Stripe key (live)', 'sk_live_B');

-- Only in B.
create table "Ref Data"."New" (id int);
insert into "Ref Data"."New" values (1);
