create schema "Mixed Case";
create type "Mixed Case"."My Type" as (a int);
create type public."select" as (a int);
create type public."a.b" as (a int);
create type public."日本語" as (a int);
create type public."it's" as (a int);
create function "Mixed Case"."to int"(v "Mixed Case"."My Type") returns int
  language sql immutable as $$ select v.a $$;
create function "Mixed Case"."to int 2"(v "Mixed Case"."My Type") returns int
  language sql immutable as $$ select v.a * 2 $$;
create function public.ab_text(v public."a.b") returns text
  language sql immutable as $$ select v.a::text $$;
create function public.jp_int(v public."日本語") returns int
  language sql immutable as $$ select v.a $$;
create function public.its_int(v public."it's") returns int
  language sql immutable as $$ select v.a $$;
create function public.its_bigint(v public."it's") returns bigint
  language sql immutable as $$ select v.a $$;
create function public.bool_char(v boolean) returns "char"
  language sql immutable as $$ select case when v then 't' else 'f' end::"char" $$;
create cast ("Mixed Case"."My Type" as int) with function "Mixed Case"."to int 2"("Mixed Case"."My Type") as assignment;
create cast (public."select" as text) with inout;
create cast (public."a.b" as text) with function public.ab_text(public."a.b");
create cast (public."日本語" as int) with function public.jp_int(public."日本語");
create cast (public."it's" as bigint) with function public.its_bigint(public."it's");
create cast (boolean as "char") with function public.bool_char(boolean);
create cast (public."日本語" as text) with inout;
