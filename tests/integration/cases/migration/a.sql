create schema supabase_migrations;
create table supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  statements text[]
);
insert into supabase_migrations.schema_migrations values
  ('20240101000000', 'init', array['create table a (id int)']),
  ('20240102000000', 'add_b', array['create table b (id int)']),
  ('20240103000000', 'add_c', array['create table c (id int)']),
  ('20240104000000', 'only_a', array['select 1']);
