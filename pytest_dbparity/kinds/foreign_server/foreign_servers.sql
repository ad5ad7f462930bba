-- Foreign servers (not an extension's): wrapper, type, version, options by
-- name (sorted), owner, comment.
select
  s.srvname as name,
  quote_ident(w.fdwname) as wrapper,
  s.srvtype as type,
  s.srvversion as version,
  array(
    select array[o.option_name::text, o.option_value::text]
    from pg_options_to_table(s.srvoptions) as o
    order by o.option_name collate "C"
  ) as options,
  pg_get_userbyid(s.srvowner) as owner,
  d.description as comment
from pg_foreign_server s
join pg_foreign_data_wrapper w on w.oid = s.srvfdw
left join pg_description d
  on d.objoid = s.oid and d.classoid = 'pg_foreign_server'::regclass
  and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_foreign_server'::regclass and ext.objid = s.oid
  and ext.deptype = 'e'
where s.oid >= 16384
  and ext.objid is null
order by s.srvname collate "C"
