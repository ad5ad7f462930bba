-- A Supabase project (the prelude runs first) with the user's own objects in the
-- platform's schemas. b.sql is the same project after user drifts there, and
-- after platform-side changes that are never the user's.

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
create trigger "on ""auth"" user updated" after update on auth.users
  for each row execute function public."handle new user"();

create policy "Avatar images are public" on storage.objects for select
  to anon using (bucket_id = 'avatars');
create policy "Users upload their own ""avatar""" on storage.objects for insert
  to authenticated
  with check (bucket_id = 'avatars' and owner = auth.uid());
