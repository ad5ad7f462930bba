-- arguments: one overload on each side, so one object that differs
create function f_arguments(a int) returns int language sql as $$ select 1 $$;
create function f_result() returns int language sql as $$ select 1 $$;
create function f_type() returns void language sql as $$ select 1 $$;
-- two overloads here, one in b: keyed with their arguments
create function f_overload(a int) returns int language sql as $$ select 1 $$;
create function f_overload(a text) returns int language sql as $$ select 1 $$;
create function f_only_a() returns int language sql as $$ select 1 $$;
