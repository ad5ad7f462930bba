-- A small Supabase application schema, shared by both projects of the README's
-- Supabase recipe (run after the shipped supabase prelude); prod.sql and
-- nonprod.sql hold each side's drift.
create table if not exists supabase_migrations.schema_migrations (
  version text primary key, statements text[], name text);
insert into supabase_migrations.schema_migrations values
  ('20250101090000', array['create table public.profiles ...'], 'profiles'),
  ('20250115120000', array['create table public.notes ...'], 'notes');

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text unique,
  full_name text,
  created_at timestamptz not null default now()
);
alter table public.profiles enable row level security;
create policy "profiles are public" on public.profiles
  for select to anon, authenticated using (true);
create policy "own profile" on public.profiles
  for update to authenticated using ((select auth.uid()) = id);

create table public.notes (
  id bigint generated always as identity primary key,
  owner uuid not null references public.profiles (id),
  body text not null,
  created_at timestamptz not null default now()
);
create index notes_owner_idx on public.notes (owner);
create policy "own notes" on public.notes for all to authenticated
  using ((select auth.uid()) = owner) with check ((select auth.uid()) = owner);

insert into auth.users (id, email) values
  ('00000000-0000-0000-0000-000000000001', 'ada@example.com');
insert into public.profiles (id, username) values
  ('00000000-0000-0000-0000-000000000001', 'ada');
insert into public.notes (owner, body) values
  ('00000000-0000-0000-0000-000000000001', 'first');
