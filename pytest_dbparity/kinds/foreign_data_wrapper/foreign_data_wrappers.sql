-- Foreign data wrappers users created (not an extension's): handler and
-- validator as schema.function, options by name (sorted), owner, comment.
select
  w.fdwname as name,
  case when w.fdwhandler = 0 then null
    else quote_ident(hn.nspname) || '.' || quote_ident(h.proname) end as handler,
  case when w.fdwvalidator = 0 then null
    else quote_ident(vn.nspname) || '.' || quote_ident(v.proname) end as validator,
  array(
    select array[o.option_name::text, o.option_value::text]
    from pg_options_to_table(w.fdwoptions) as o
    order by o.option_name collate "C"
  ) as options,
  pg_get_userbyid(w.fdwowner) as owner,
  d.description as comment
from pg_foreign_data_wrapper w
left join pg_proc h on h.oid = w.fdwhandler
left join pg_namespace hn on hn.oid = h.pronamespace
left join pg_proc v on v.oid = w.fdwvalidator
left join pg_namespace vn on vn.oid = v.pronamespace
left join pg_description d
  on d.objoid = w.oid and d.classoid = 'pg_foreign_data_wrapper'::regclass
  and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_foreign_data_wrapper'::regclass and ext.objid = w.oid
  and ext.deptype = 'e'
where w.oid >= 16384
  and ext.objid is null
order by w.fdwname collate "C"
