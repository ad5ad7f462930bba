create schema "Col Schema";
create table "Col Schema"."Mixed Case" (
  id int,
  "Doc" text,
  "spa ce" text,
  "select" text,
  "quo""te" jsonb,
  "ñandú" int,
  "a.b" int,
  "same" text
);
alter table "Col Schema"."Mixed Case" alter column "spa ce" set storage main;
alter table "Col Schema"."Mixed Case" alter column "a.b" set statistics 1000;
