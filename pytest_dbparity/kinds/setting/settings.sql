-- Settings of the current database, of roles in the current database, and of
-- roles in every database (pg_db_role_setting); never those of the pg_* roles.
-- Each entry of setconfig is "name=value" (the value as the server stores it);
-- the pairs come back sorted by name.
select
  case when s.setrole = 0 then null else r.rolname end as role,
  s.setdatabase <> 0 as in_database,
  array(
    select array[split_part(c, '=', 1), substr(c, strpos(c, '=') + 1)]
    from unnest(s.setconfig) as c
    order by split_part(c, '=', 1), c
  ) as settings
from pg_db_role_setting s
left join pg_roles r on r.oid = s.setrole
where (s.setdatabase = (select d.oid from pg_database d where d.datname = current_database())
       or (s.setdatabase = 0 and s.setrole <> 0))
  and (s.setrole = 0 or (r.oid is not null and r.rolname !~ '^pg_'))
order by s.setrole <> 0, r.rolname, s.setdatabase <> 0
