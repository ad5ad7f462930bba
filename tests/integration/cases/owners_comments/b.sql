create schema "Own Schema";
create table "Own Schema"."Mixed Table" (id serial primary key, n int, "select" text);
create sequence "Own Schema"."Seq ñ";
create type "Own Schema"."Mood" as enum ('a', 'b');
create domain "Own Schema"."dom.ain" as int;
create type "Own Schema".pair as (x int, y int);
comment on type "Own Schema".pair is 'same on both sides';
create index "Idx One" on "Own Schema"."Mixed Table" (n);
alter table "Own Schema"."Mixed Table" add constraint "quo""te" check (n > 0);
comment on constraint "Mixed Table_pkey" on "Own Schema"."Mixed Table" is 'the primary key';
create policy "select" on "Own Schema"."Mixed Table" for select using (true);
comment on policy "select" on "Own Schema"."Mixed Table" is 'all read';
create function "Own Schema".trg() returns trigger language plpgsql
  as $$ begin return new; end $$;
create trigger "Trig.ger" before insert on "Own Schema"."Mixed Table"
  for each row execute function "Own Schema".trg();
