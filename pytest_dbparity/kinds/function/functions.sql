-- Functions, procedures and window functions (aggregates are named as unchecked).
-- With the deparse parameter false, what deparses a SQL-standard body is left out
-- (it locks every relation the body uses until the transaction ends); see
-- views.sql.
select
  p.oid,
  n.nspname as schema,
  p.proname as name,
  pg_get_function_identity_arguments(p.oid) as identity_arguments,
  case p.prokind when 'p' then 'procedure' when 'w' then 'window' else 'function' end
    as function_type,
  pg_get_function_arguments(p.oid) as arguments,
  pg_get_function_result(p.oid) as result,
  l.lanname as language,
  case p.provolatile when 'i' then 'immutable' when 's' then 'stable' else 'volatile' end
    as volatility,
  p.proisstrict as strict,
  p.prosecdef as security_definer,
  p.proleakproof as leakproof,
  case p.proparallel when 's' then 'safe' when 'r' then 'restricted' else 'unsafe' end
    as parallel,
  array(
    select array[split_part(s, '=', 1), substr(s, strpos(s, '=') + 1)]
    from unnest(p.proconfig) as s
    order by 1
  ) as config,
  case when p.prosqlbody is null then p.prosrc
    when %(deparse)s then pg_get_function_sqlbody(p.oid) end as body,
  pg_get_userbyid(p.proowner) as owner,
  d.description as comment,
  case when %(deparse)s or p.prosqlbody is null then pg_get_functiondef(p.oid) end
    as definition,
  -- Planner estimates where not the defaults (as pg_get_functiondef prints them):
  -- COST 1 for C and internal functions, else 100; ROWS 1000 of a set.
  nullif(p.procost, case when l.lanname in ('c', 'internal') then 1 else 100 end)::text::float8
    as cost,
  case when p.proretset and p.prorows not in (0, 1000) then p.prorows::text::float8 end
    as rows,
  case when p.prosupport <> 0 then p.prosupport::regproc::text end as support
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_language l on l.oid = p.prolang
left join pg_description d
  on d.objoid = p.oid and d.classoid = 'pg_proc'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_proc'::regclass and ext.objid = p.oid and ext.deptype = 'e'
where p.prokind in ('f', 'p', 'w')
  and ext.objid is null
  and {{in_scope n}}
  and (%(oids)s::oid[] is null or p.oid = any(%(oids)s::oid[]))
order by n.nspname, p.proname, identity_arguments
