-- User mappings of the servers users created (not an extension's): the role
-- (null: PUBLIC), the server, the options by name (sorted; their values are
-- hashed before anything keeps them). pg_user_mapping is readable by superusers
-- only: pg_user_mappings shows the options where the server lets the reading
-- role see them, and options_readable says where (the view's own condition).
select
  case when um.umuser = 0 then null else um.usename end as role,
  um.srvname as server,
  array(
    select array[o.option_name::text, o.option_value::text]
    from pg_options_to_table(um.umoptions) as o
    order by o.option_name collate "C"
  ) as options,
  ((um.umuser <> 0 and um.umuser = (select oid from pg_roles where rolname = current_user))
    or (um.umuser = 0 and pg_has_role(s.srvowner, 'USAGE'))
    or coalesce((select rolsuper from pg_roles where rolname = current_user), false))
    as options_readable
from pg_user_mappings um
join pg_foreign_server s on s.oid = um.srvid
left join pg_depend ext
  on ext.classid = 'pg_foreign_server'::regclass and ext.objid = s.oid
  and ext.deptype = 'e'
where s.oid >= 16384
  and ext.objid is null
order by um.srvname collate "C", um.umuser <> 0, um.usename collate "C"
