create schema "Mixed Case";
create type "Mixed Case"."My Type" as (a int);
create type public."select" as (a int);
create function "Mixed Case"."eq ü"(l int, r "Mixed Case"."My Type") returns boolean
  language sql immutable as $$ select l = r.a $$;
create function "Mixed Case"."eq ü 2"(l int, r "Mixed Case"."My Type") returns boolean
  language sql immutable as $$ select l = r.a $$;
create function public.cmp_bool(l int, r int) returns boolean
  language sql immutable as $$ select l < r $$;
create function public.cmp_int(l int, r int) returns int
  language sql immutable as $$ select l - r $$;
create function public.int_text(l int, r text) returns boolean
  language sql immutable as $$ select l::text = r $$;
create function public.text_int(l text, r int) returns boolean
  language sql immutable as $$ select l = r::text $$;
create function public.neg_it(r "Mixed Case"."My Type") returns int
  language sql immutable as $$ select -r.a $$;
create function public.add_sel(l public."select", r public."select") returns public."select"
  language sql immutable as $$ select row(l.a + r.a)::public."select" $$;
create operator public.&&& (leftarg = int, rightarg = text, function = public.int_text,
  commutator = operator(public.&&&));
create operator public.&&& (leftarg = text, rightarg = int, function = public.text_int,
  commutator = operator(public.&&&));
create operator "Mixed Case".=== (leftarg = int, rightarg = "Mixed Case"."My Type",
  function = "Mixed Case"."eq ü 2");
create operator public.<~> (leftarg = int, rightarg = int, function = public.cmp_int);
create operator public.@@@ (leftarg = int, rightarg = int, function = public.cmp_bool);
create operator public.=~= (leftarg = int, rightarg = int, function = public.cmp_bool);
create operator public.<<~ (leftarg = int, rightarg = int, function = public.cmp_bool);
create operator public.~>> (leftarg = int, rightarg = int, function = public.cmp_bool);
create operator public.=#= (leftarg = int, rightarg = int, function = public.cmp_bool);
create operator public.=%= (leftarg = int, rightarg = int, function = public.cmp_bool);
create operator public.!- (rightarg = "Mixed Case"."My Type", function = public.neg_it);
alter operator public.!- (none, "Mixed Case"."My Type") owner to dbparity_service;
create operator public.+ (leftarg = public."select", rightarg = public."select",
  function = public.add_sel);
create operator public.<-> (leftarg = text, rightarg = int, function = public.text_int);
