alter table public.notes enable row level security;
create function public.note_count(p uuid) returns bigint
  language sql stable security invoker set search_path = ''
  as $$ select count(*) from public.notes where owner = p $$;
insert into supabase_migrations.schema_migrations values
  ('20250201100000', array['alter table public.notes enable row level security; ...'], 'notes_rls');
