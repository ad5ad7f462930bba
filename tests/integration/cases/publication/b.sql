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
create publication same_pub for table public."a.b", "Sché ma"."My Table" (id, "select")
  where (id > 0 and "B c" is not null);
-- Column list differs (A: a row filter too).
create publication "Mixed Case Pub" for table "Sché ma"."My Table";
-- Row filter differs.
create publication "pub.with.dots" for table public."日本語" where (n > 1);
-- Operations differ.
create publication "quo""te pub" for table public."quo""te";
-- publish_via_partition_root differs.
create publication "select" for table public."order";
-- One member only in A, another only in B; a member outside the read scope.
create publication "ñandú" for table public."quo""te";
-- FOR TABLES IN SCHEMA only in A.
create publication schema_pub;
-- Owner and comment differ.
create publication owned_pub for table public.plain;
create publication commented_pub for table public.plain;
comment on publication commented_pub is 'publishes plain';
-- FOR ALL TABLES in A, one table in B.
create publication flip for table public.plain with (publish = 'insert');
-- The realtime publication streams one more table in A.
create publication supabase_realtime for table public.plain;
-- Only in B.
create publication "only in B" for table public.plain
  with (publish = 'delete, truncate');
