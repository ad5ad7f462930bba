create schema "Own Schema";
create table "Own Schema"."Mixed Table" (id serial primary key, n int, "select" text);
-- sequence: owner and comment
create sequence "Own Schema"."Seq ñ";
alter sequence "Own Schema"."Seq ñ" owner to dbparity_service;
comment on sequence "Own Schema"."Seq ñ" is 'ids of the ñ';
-- an owned sequence has its table's owner: not compared on its own
-- type owners: an enum, a domain; a composite type's comment stays equal
create type "Own Schema"."Mood" as enum ('a', 'b');
alter type "Own Schema"."Mood" owner to dbparity_anon;
create domain "Own Schema"."dom.ain" as int;
alter domain "Own Schema"."dom.ain" owner to dbparity_authenticated;
create type "Own Schema".pair as (x int, y int);
comment on type "Own Schema".pair is 'same on both sides';
-- index comment
create index "Idx One" on "Own Schema"."Mixed Table" (n);
comment on index "Own Schema"."Idx One" is 'for lookups by n';
-- constraint comments: a check, a primary key (changed text)
alter table "Own Schema"."Mixed Table" add constraint "quo""te" check (n > 0);
comment on constraint "quo""te" on "Own Schema"."Mixed Table" is 'n is positive';
comment on constraint "Mixed Table_pkey" on "Own Schema"."Mixed Table" is 'the key';
-- policy comments: one changed, one policy missing in b with its comment
create policy "select" on "Own Schema"."Mixed Table" for select using (true);
comment on policy "select" on "Own Schema"."Mixed Table" is 'everyone reads';
create policy "spa ce" on "Own Schema"."Mixed Table" for insert with check (true);
comment on policy "spa ce" on "Own Schema"."Mixed Table" is 'anyone inserts';
-- trigger comment
create function "Own Schema".trg() returns trigger language plpgsql
  as $$ begin return new; end $$;
create trigger "Trig.ger" before insert on "Own Schema"."Mixed Table"
  for each row execute function "Own Schema".trg();
comment on trigger "Trig.ger" on "Own Schema"."Mixed Table" is 'does nothing';
