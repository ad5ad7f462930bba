create schema "Mixed Schema";
create table "Mixed Schema"."Straße.Daten" (
  id int primary key,
  "Spalte ""x""" bigint,
  "UPPER" text
);
create sequence "Mixed Schema"."Seq.1";
create function "Mixed Schema"."Größe"("Arg x" int) returns int language sql
  as $$ select 2 $$;
create table public."user" ("select" int, "Weird Col" int);
alter table public."user" add constraint "FK.1" foreign key ("select")
  references "Mixed Schema"."Straße.Daten" (id);
