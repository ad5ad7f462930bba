-- Drift made by hand in the dashboard: RLS left off, a column renamed, a
-- function made SECURITY DEFINER without a search_path, the owner index gone.
alter table public.profiles rename column full_name to display_name;
drop index public.notes_owner_idx;
create function public.note_count(p uuid) returns bigint
  language sql stable security definer
  as $$ select count(*) from public.notes where owner = p $$;
insert into public.notes (owner, body) values
  ('00000000-0000-0000-0000-000000000001', 'second');
