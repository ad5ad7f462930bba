create schema "Rule Schema";
create table "Rule Schema"."Orders.2024" (id int, "Qty" int, note text);
create table public.audit (id int, what text);
create table public."user" (id int, name text);
create view public.user_v as select id, name from public."user";
-- The same on both sides: no finding.
create rule user_v_ins as on insert to public.user_v
  do instead insert into public."user" values (new.id, new.name);
-- Definition.
create rule "R.def" as on insert to "Rule Schema"."Orders.2024"
  where new."Qty" > 0 do also insert into public.audit values (new.id, 'insert');
-- Enabled state.
create rule "Ünïcode ""quoted""" as on delete to "Rule Schema"."Orders.2024"
  do also insert into public.audit values (old.id, 'delete');
alter table "Rule Schema"."Orders.2024" disable rule "Ünïcode ""quoted""";
-- Comment.
create rule "select" as on update to public."user"
  do also insert into public.audit values (new.id, 'update');
comment on rule "select" on public."user" is 'audits updates';
-- A rule of a view, in A only.
create rule "Only A" as on delete to public.user_v
  do instead delete from public."user" where id = old.id;
-- A table in A only: its rule follows from it.
create table public.gone (id int);
create rule gone_nothing as on insert to public.gone do instead nothing;
