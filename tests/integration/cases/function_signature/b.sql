create function f_arguments(a int, b int) returns int language sql as $$ select 1 $$;
create function f_result() returns bigint language sql as $$ select 1 $$;
create procedure f_type() language sql as $$ select 1 $$;
create function f_overload(a int) returns int language sql as $$ select 1 $$;
