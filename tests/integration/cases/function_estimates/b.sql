create schema "Fn Schema";
create function "Fn Schema"."Mixed Cost"() returns int language sql
  as $$ select 1 $$;
create function "Fn Schema"."quo""te"(a int) returns int language sql cost 0.5
  as $$ select a $$;
create function "Fn Schema"."select"() returns setof int language sql rows 2000
  as $$ select 1 $$;
create function "Fn Schema"."ñandú"() returns setof int language sql rows 5
  as $$ select 1 $$;
create function "Fn Schema"."sup.port"(a int, b int) returns setof int language sql
  as $$ select generate_series(a, b) $$;
create function "Fn Schema"."spelled"() returns setof int language sql
  as $$ select 1 $$;
create function "Fn Schema"."internal one"(int) returns int language internal
  immutable strict cost 1 as 'int4abs';
create function "Fn Schema"."both"() returns int language sql
  as $$ select 2 $$;
