create function f_language() returns int language plpgsql as $$ begin return 1; end $$;
create function f_volatility() returns int language sql stable as $$ select 1 $$;
create function f_strict(a int) returns int language sql as $$ select 1 $$;
create function f_security_definer() returns int language sql security invoker
  as $$ select 1 $$;
create function f_leakproof(a int) returns bool language sql immutable
  as $$ select true $$;
create function f_parallel() returns int language sql as $$ select 1 $$;
create function f_search_path() returns int language sql set search_path = ''
  as $$ select 1 $$;
create function f_body() returns int language sql as $$ select 2 $$;
create function f_formatting(a int) returns int language plpgsql as $$
  -- only the layout and this comment differ
  BEGIN RETURN a+1; END
$$;
create function f_atomic() returns int language sql begin atomic select 2; end;
