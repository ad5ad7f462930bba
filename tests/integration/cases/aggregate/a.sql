-- Support functions, the same on both sides.
create schema "Agg Schema.ü";
create function public.keep(s anyelement, v integer) returns anyelement
  language sql immutable as $$ select s $$;
create function public.fin(s integer) returns integer
  language sql immutable as $$ select s $$;
create function public.fin(s integer, v integer) returns integer
  language sql immutable as $$ select s $$;
create function "Agg Schema.ü"."Fin ""quoted"""(s integer) returns integer
  language sql immutable as $$ select s $$;
-- In both, equal: a zero-argument aggregate, an ordered-set aggregate with an
-- awkward name, a hypothetical-set aggregate, one overload of two.
create aggregate "Agg Schema.ü"."count Rows"(*) (
  sfunc = int8inc, stype = bigint, initcond = '0'
);
create aggregate "Agg Schema.ü"."order"(float8 order by float8) (
  sfunc = ordered_set_transition, stype = internal,
  finalfunc = percentile_disc_final, finalfunc_extra
);
create aggregate public."Rank.Of"(variadic "any" order by variadic "any") (
  sfunc = ordered_set_transition_multi, stype = internal,
  finalfunc = rank_final, finalfunc_extra, hypothetical
);
create aggregate public.ov(integer) (sfunc = int4pl, stype = integer);
-- aggregate_kind: ordered-set here, hypothetical-set in b
create aggregate public."Mixed Case"(float8 order by float8) (
  sfunc = ordered_set_transition, stype = internal,
  finalfunc = percentile_disc_final, finalfunc_extra
);
-- arguments: named here
create aggregate public."select"(val integer) (sfunc = int4pl, stype = integer);
-- state_function
create aggregate "Agg Schema.ü"."spa ce"(integer) (sfunc = int4larger, stype = integer);
-- state_type (the result type follows: b drops and creates it)
create aggregate public."quo""te"(integer) (sfunc = public.keep, stype = integer);
-- state_space
create aggregate public.sspace(integer) (sfunc = int4pl, stype = integer, sspace = 100);
-- final_function
create aggregate public."a.b"(integer) (
  sfunc = int4pl, stype = integer, finalfunc = "Agg Schema.ü"."Fin ""quoted"""
);
-- final_extra
create aggregate public.extra(integer) (
  sfunc = int4pl, stype = integer, finalfunc = public.fin, finalfunc_extra
);
-- final_modify
create aggregate public.modify(integer) (
  sfunc = int4pl, stype = integer, finalfunc = public.fin, finalfunc_modify = read_only
);
-- combine_function
create aggregate public.combine(integer) (
  sfunc = int4larger, stype = integer, combinefunc = int4larger
);
-- serial_function, deserial_function
create aggregate public.serial(numeric) (
  sfunc = numeric_avg_accum, stype = internal, finalfunc = numeric_avg,
  combinefunc = numeric_avg_combine,
  serialfunc = numeric_avg_serialize, deserialfunc = numeric_avg_deserialize
);
-- initial_condition
create aggregate public.initcond(integer) (sfunc = int4pl, stype = integer, initcond = '0');
-- sort_operator
create aggregate public."ñandú"(integer) (sfunc = int4larger, stype = integer, sortop = >);
-- every moving-aggregate option, set here only
create aggregate public.moving(integer) (
  sfunc = int4pl, stype = integer,
  msfunc = int4pl, minvfunc = int4mi, mstype = integer, msspace = 16,
  mfinalfunc = public.fin, mfinalfunc_extra, mfinalfunc_modify = shareable,
  minitcond = '0'
);
-- parallel
create aggregate public.parallel(integer) (sfunc = int4pl, stype = integer, parallel = safe);
-- owner
create aggregate public.owned(integer) (sfunc = int4pl, stype = integer);
alter aggregate public.owned(integer) owner to dbparity_service;
-- comment
create aggregate public.commented(integer) (sfunc = int4pl, stype = integer);
comment on aggregate public.commented(integer) is 'it''s A';
-- grants on an ordered-set aggregate (GRANT names its plain argument types)
revoke execute on function "Agg Schema.ü"."order"(float8, float8) from public;
grant execute on function "Agg Schema.ü"."order"(float8, float8) to dbparity_anon;
-- only here
create aggregate public.only_a(integer) (sfunc = int4pl, stype = integer);
-- two overloads here, one in b
create aggregate public.ov(bigint) (sfunc = int8pl, stype = bigint);
