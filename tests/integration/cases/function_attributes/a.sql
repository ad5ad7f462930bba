create function f_language() returns int language sql as $$ select 1 $$;
create function f_volatility() returns int language sql immutable as $$ select 1 $$;
create function f_strict(a int) returns int language sql strict as $$ select 1 $$;
create function f_security_definer() returns int language sql security definer
  as $$ select 1 $$;
create function f_leakproof(a int) returns bool language sql immutable leakproof
  as $$ select true $$;
create function f_parallel() returns int language sql parallel safe as $$ select 1 $$;
create function f_search_path() returns int language sql set search_path = public
  as $$ select 1 $$;
create function f_body() returns int language sql as $$ select 1 $$;
create function f_formatting(a int) returns int language plpgsql as $$
begin
  return a + 1;
end
$$;
create function f_atomic() returns int language sql begin atomic select 1; end;
