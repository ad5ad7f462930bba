-- Operators users created (not an extension's). Shell operators (named as
-- another's commutator or negator and never defined: no function) are left out.
-- Types and functions are named as the server prints them (search_path is
-- pg_catalog): a built-in one bare, any other schema-qualified.
select
  n.nspname as schema,
  o.oprname as name,
  case when o.oprleft <> 0 then format_type(o.oprleft, null) end as left_type,
  format_type(o.oprright, null) as right_type,
  o.oprcode::regproc::text as function,
  format_type(o.oprresult, null) as result,
  case when o.oprcom <> 0 then o.oprcom::regoperator::text end as commutator,
  case when o.oprnegate <> 0 then o.oprnegate::regoperator::text end as negator,
  case when o.oprrest <> 0 then o.oprrest::regproc::text end as restrict,
  case when o.oprjoin <> 0 then o.oprjoin::regproc::text end as "join",
  o.oprcanhash as hashes,
  o.oprcanmerge as merges,
  pg_get_userbyid(o.oprowner) as owner,
  d.description as comment
from pg_operator o
join pg_namespace n on n.oid = o.oprnamespace
left join pg_description d
  on d.objoid = o.oid and d.classoid = 'pg_operator'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_operator'::regclass and ext.objid = o.oid and ext.deptype = 'e'
where o.oid >= 16384
  and o.oprcode <> 0
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, o.oprname, left_type nulls first, right_type
