-- a.sql, then the user's drifts in the platform's schemas (each one a finding)
-- and the platform's own changes (none a finding).

create table public."User Profiles" (
  id uuid primary key references auth.users on delete cascade,
  "Display Name" text
);
alter table public."User Profiles" enable row level security;

create function public."handle new user"() returns trigger language plpgsql
  security definer set search_path = ''
  as $f$ begin
    insert into public."User Profiles" (id) values (new.id);
    return new;
  end $f$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function public."handle new user"();
-- Drift: the signup trigger disabled, the update trigger gone.
alter table auth.users disable trigger on_auth_user_created;

-- Drift: the avatars policy opens every bucket; a new policy lets anyone upload.
create policy "Avatar images are public" on storage.objects for select
  to anon using (true);
create policy "Users upload their own ""avatar""" on storage.objects for insert
  to authenticated
  with check (bucket_id = 'avatars' and owner = auth.uid());
create policy "anyone uploads" on storage.objects for insert
  to anon with check (true);

-- Drift: RLS off on storage.objects, anon reads auth.users.
alter table storage.objects disable row level security;
grant select on auth.users to anon;

-- Drift: a user's function in auth.
create function auth."is admin"(user_id uuid) returns boolean language sql stable
  as $f$ select exists (select 1 from auth.users u where u.id = user_id
    and u.raw_app_meta_data ->> 'role' = 'admin') $f$;

-- The platform's own changes (a newer version of its helper, grants to its own
-- role): never a finding.
create or replace function storage.filename(name text) returns text
  language sql immutable
  as $fn$ select reverse(split_part(reverse(name), '/', 1)) $fn$;
revoke truncate on auth.audit_log_entries from postgres;
