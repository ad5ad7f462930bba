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
create aggregate public."Mixed Case"(float8 order by float8) (
  sfunc = ordered_set_transition, stype = internal,
  finalfunc = percentile_disc_final, finalfunc_extra, hypothetical
);
create aggregate public."select"(integer) (sfunc = int4pl, stype = integer);
create aggregate "Agg Schema.ü"."spa ce"(integer) (sfunc = int4smaller, stype = integer);
create aggregate public."quo""te"(integer) (sfunc = public.keep, stype = bigint);
create aggregate public.sspace(integer) (sfunc = int4pl, stype = integer);
create aggregate public."a.b"(integer) (sfunc = int4pl, stype = integer, finalfunc = public.fin);
create aggregate public.extra(integer) (sfunc = int4pl, stype = integer, finalfunc = public.fin);
create aggregate public.modify(integer) (
  sfunc = int4pl, stype = integer, finalfunc = public.fin, finalfunc_modify = shareable
);
create aggregate public.combine(integer) (sfunc = int4larger, stype = integer);
create aggregate public.serial(numeric) (
  sfunc = numeric_avg_accum, stype = internal, finalfunc = numeric_avg,
  combinefunc = numeric_avg_combine,
  serialfunc = numeric_poly_serialize, deserialfunc = numeric_poly_deserialize
);
create aggregate public.initcond(integer) (sfunc = int4pl, stype = integer, initcond = '1');
create aggregate public."ñandú"(integer) (sfunc = int4larger, stype = integer);
create aggregate public.moving(integer) (sfunc = int4pl, stype = integer);
create aggregate public.parallel(integer) (sfunc = int4pl, stype = integer);
create aggregate public.owned(integer) (sfunc = int4pl, stype = integer);
create aggregate public.commented(integer) (sfunc = int4pl, stype = integer);
comment on aggregate public.commented(integer) is 'it''s B';
-- only here
create aggregate "Agg Schema.ü".only_b(integer) (sfunc = int4pl, stype = integer);
