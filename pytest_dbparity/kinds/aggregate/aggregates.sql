-- Aggregates: their pg_proc row (signature, parallel, owner) with pg_aggregate's.
-- Support functions print as regproc does under search_path pg_catalog (schema-
-- qualified outside pg_catalog), types as format_type. What is not set is null:
-- the final function's options without a final function, and every
-- moving-aggregate option without a moving state function.
select
  n.nspname as schema,
  p.proname as name,
  pg_get_function_identity_arguments(p.oid) as identity_arguments,
  case a.aggkind when 'o' then 'ordered-set' when 'h' then 'hypothetical' else 'normal' end
    as aggregate_kind,
  pg_get_function_arguments(p.oid) as arguments,
  pg_get_function_result(p.oid) as result,
  a.aggtransfn::text as state_function,
  format_type(a.aggtranstype, null) as state_type,
  nullif(a.aggtransspace, 0) as state_space,
  case when a.aggfinalfn <> 0 then a.aggfinalfn::text end as final_function,
  case when a.aggfinalfn <> 0 then a.aggfinalextra end as final_extra,
  case when a.aggfinalfn <> 0 then
    case a.aggfinalmodify when 'r' then 'read_only' when 's' then 'shareable' else 'read_write' end
  end as final_modify,
  case when a.aggcombinefn <> 0 then a.aggcombinefn::text end as combine_function,
  case when a.aggserialfn <> 0 then a.aggserialfn::text end as serial_function,
  case when a.aggdeserialfn <> 0 then a.aggdeserialfn::text end as deserial_function,
  a.agginitval as initial_condition,
  case when a.aggsortop <> 0 then quote_ident(opn.nspname) || '.' || op.oprname end
    as sort_operator,
  case when a.aggmtransfn <> 0 then a.aggmtransfn::text end as moving_state_function,
  case when a.aggminvtransfn <> 0 then a.aggminvtransfn::text end
    as moving_inverse_function,
  case when a.aggmtransfn <> 0 then format_type(a.aggmtranstype, null) end
    as moving_state_type,
  case when a.aggmtransfn <> 0 then nullif(a.aggmtransspace, 0) end as moving_state_space,
  case when a.aggmfinalfn <> 0 then a.aggmfinalfn::text end as moving_final_function,
  case when a.aggmfinalfn <> 0 then a.aggmfinalextra end as moving_final_extra,
  case when a.aggmfinalfn <> 0 then
    case a.aggmfinalmodify when 'r' then 'read_only' when 's' then 'shareable' else 'read_write' end
  end as moving_final_modify,
  case when a.aggmtransfn <> 0 then a.aggminitval end as moving_initial_condition,
  case p.proparallel when 's' then 'safe' when 'r' then 'restricted' else 'unsafe' end
    as parallel,
  pg_get_userbyid(p.proowner) as owner,
  d.description as comment
from pg_aggregate a
join pg_proc p on p.oid = a.aggfnoid
join pg_namespace n on n.oid = p.pronamespace
left join pg_operator op on op.oid = a.aggsortop
left join pg_namespace opn on opn.oid = op.oprnamespace
left join pg_description d
  on d.objoid = p.oid and d.classoid = 'pg_proc'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_proc'::regclass and ext.objid = p.oid and ext.deptype = 'e'
where p.oid >= 16384
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, p.proname, identity_arguments
