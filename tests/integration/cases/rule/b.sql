create schema "Rule Schema";
create table "Rule Schema"."Orders.2024" (id int, "Qty" int, note text);
create table public.audit (id int, what text);
create table public."user" (id int, name text);
create view public.user_v as select id, name from public."user";
create rule user_v_ins as on insert to public.user_v
  do instead insert into public."user" values (new.id, new.name);
create rule "R.def" as on insert to "Rule Schema"."Orders.2024"
  where new."Qty" > 10 do also insert into public.audit values (new.id, 'insert');
create rule "Ünïcode ""quoted""" as on delete to "Rule Schema"."Orders.2024"
  do also insert into public.audit values (old.id, 'delete');
create rule "select" as on update to public."user"
  do also insert into public.audit values (new.id, 'update');
-- A rule in B only.
create rule only_b as on update to public.audit do instead nothing;
