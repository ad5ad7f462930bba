-- Tables alike on both sides; only the publications differ.
create schema "Sché ma";
create table "Sché ma"."My Table" (
  id int primary key, "B c" text, "select" int, "we""ird)" int
);
create table public."a.b" (id int primary key, v text);
create table public."quo""te" (id int primary key);
create table public."日本語" (id int primary key, n int);
create table public."order" (id int not null, at date not null, primary key (id, at))
  partition by range (at);
create table public.order_2024 partition of public."order"
  for values from ('2024-01-01') to ('2025-01-01');
create table public.messages (id int primary key, body text);
grant select on public.messages to dbparity_anon;
create table public.plain (id int primary key);
-- Outside the read scope (realtime is excluded): still a member.
create schema realtime;
create table realtime.hidden (id int primary key);

-- In parity: a column list and a row filter, alike on both sides.
create publication same_pub for table "Sché ma"."My Table" ("select", id)
  where (id > 0 and "B c" is not null), table public."a.b";
-- Column list differs (A: a row filter too).
create publication "Mixed Case Pub" for table "Sché ma"."My Table" (id, "we""ird)", "B c")
  where (id > 0);
-- Row filter differs.
create publication "pub.with.dots" for table public."日本語" where (n > 0);
-- Operations differ.
create publication "quo""te pub" for table public."quo""te"
  with (publish = 'insert, update');
-- publish_via_partition_root differs.
create publication "select" for table public."order"
  with (publish_via_partition_root = true);
-- One member only in A, another only in B; a member outside the read scope.
create publication "ñandú" for table public."a.b", table realtime.hidden;
-- FOR TABLES IN SCHEMA only in A.
create publication schema_pub for tables in schema "Sché ma";
-- Owner and comment differ.
create publication owned_pub for table public.plain;
alter publication owned_pub owner to dbparity_service;
create publication commented_pub for table public.plain;
comment on publication commented_pub is 'publishes «plain»';
-- FOR ALL TABLES only in A.
create publication all_in_a for all tables;
-- FOR ALL TABLES in A, one table in B.
create publication flip for all tables with (publish = 'insert');
-- The realtime publication streams one more table in A.
create publication supabase_realtime for table public.messages, table public.plain;
