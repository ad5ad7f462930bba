create schema "Mixed Schema";
create table "Mixed Schema"."Straße.Daten" (
  id int primary key,
  "Spalte ""x""" int,
  "UPPER" text
);
grant select on table "Mixed Schema"."Straße.Daten" to dbparity_anon;
create index "Idx.1" on "Mixed Schema"."Straße.Daten" ("UPPER");
create sequence "Mixed Schema"."Seq.1" owned by "Mixed Schema"."Straße.Daten"."UPPER";
create function "Mixed Schema"."Größe"("Arg x" int) returns int language sql
  as $$ select 1 $$;
create table public."user" ("select" int, "Weird Col" int);
grant update ("select") on public."user" to dbparity_service;
alter table public."user" add constraint "FK.1" foreign key ("select")
  references "Mixed Schema"."Straße.Daten" (id) on delete cascade;
