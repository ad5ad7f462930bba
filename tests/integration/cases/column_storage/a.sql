create schema "Col Schema";
create table "Col Schema"."Mixed Case" (
  id int,
  "Doc" text,
  "spa ce" text,
  "select" text,
  "quo""te" jsonb,
  "ñandú" int,
  "a.b" int,
  "same" text,
  only_a text
);
-- storage: external here, the type's own in b; the type's own here, main in b
alter table "Col Schema"."Mixed Case" alter column "Doc" set storage external;
-- compression: pglz here, the default in b
alter table "Col Schema"."Mixed Case" alter column "select" set compression pglz;
-- statistics: 500 here, the default in b; the default here, 1000 in b
alter table "Col Schema"."Mixed Case" alter column "ñandú" set statistics 500;
-- the defaults written out: no finding
alter table "Col Schema"."Mixed Case" alter column "same" set storage extended;
alter table "Col Schema"."Mixed Case" alter column "same" set statistics -1;
-- a column missing in b, and a table missing in b: their settings follow
alter table "Col Schema"."Mixed Case" alter column only_a set storage main;
alter table "Col Schema"."Mixed Case" alter column only_a set statistics 200;
create table "Col Schema"."new table" (body text);
alter table "Col Schema"."new table" alter column body set storage external;
alter table "Col Schema"."new table" alter column body set compression pglz;
