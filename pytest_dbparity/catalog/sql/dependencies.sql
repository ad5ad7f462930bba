-- What depends on what among user objects (pg_depend, with pg_rewrite for views),
-- for the report's impact section. Objects come back as addresses (type, raw names,
-- argument types); keys are built in Python. Objects an extension created are left
-- out as dependents, but a type's membership in its extension is kept, so a column
-- can be traced to the extension whose type it uses.
with edges as (
  select d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid
  from pg_depend d
  left join pg_depend member
    on member.classid = d.classid and member.objid = d.objid and member.deptype = 'e'
  where d.objid >= 16384
    and d.refobjid >= 16384
    and (
      (d.deptype in ('n', 'a') and member.objid is null
       and d.classid in ('pg_class'::regclass, 'pg_rewrite'::regclass,
                         'pg_proc'::regclass, 'pg_policy'::regclass,
                         'pg_trigger'::regclass, 'pg_constraint'::regclass,
                         'pg_type'::regclass, 'pg_attrdef'::regclass,
                         'pg_statistic_ext'::regclass))
      or (d.deptype = 'e' and d.classid = 'pg_type'::regclass)
    )
)
select distinct
  dep.type as dependent_type,
  dep.object_names as dependent_names,
  dep.object_args as dependent_args,
  ref.type as referenced_type,
  ref.object_names as referenced_names,
  ref.object_args as referenced_args
from edges e
cross join lateral pg_identify_object_as_address(e.classid, e.objid, e.objsubid) as dep
cross join lateral pg_identify_object_as_address(e.refclassid, e.refobjid, e.refobjsubid) as ref
where not (dep.type = ref.type and dep.object_names = ref.object_names)
order by 1, 2, 3, 4, 5, 6
