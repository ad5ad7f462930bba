create schema "Fn Schema";
-- cost: 500 here, the default in b
create function "Fn Schema"."Mixed Cost"() returns int language sql cost 500
  as $$ select 1 $$;
-- cost: the default here, 0.5 in b
create function "Fn Schema"."quo""te"(a int) returns int language sql
  as $$ select a $$;
-- rows of a set: 10 here, 2000 in b; and the default here, 5 in b
create function "Fn Schema"."select"() returns setof int language sql rows 10
  as $$ select 1 $$;
create function "Fn Schema"."ñandú"() returns setof int language sql
  as $$ select 1 $$;
-- support function: here only
create function "Fn Schema"."sup.port"(a int, b int) returns setof int language sql
  support generate_series_int4_support as $$ select generate_series(a, b) $$;
-- the defaults written out or not: no finding
create function "Fn Schema"."spelled"() returns setof int language sql cost 100 rows 1000
  as $$ select 1 $$;
create function "Fn Schema"."internal one"(int) returns int language internal
  immutable strict as 'int4abs';
-- cost and the body differ together: one CREATE OR REPLACE covers both
create function "Fn Schema"."both"() returns int language sql cost 50
  as $$ select 1 $$;
