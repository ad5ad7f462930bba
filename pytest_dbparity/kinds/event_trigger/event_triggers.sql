-- Event triggers (one database's, not in a schema), tags sorted, whatever the
-- schema scope: an event trigger fires on DDL anywhere, so one whose function
-- lies in a schema outside the scope is compared too (by the function's
-- qualified name). Left out: those an extension created; the platform's own
-- (a function the profile lists) are left out after reading.
select
  e.evtname as name,
  e.evtevent as event,
  quote_ident(fn.nspname) || '.' || quote_ident(p.proname) as function,
  array(select tag from unnest(e.evttags) as tags(tag) order by tag) as tags,
  case e.evtenabled when 'D' then 'disabled' when 'R' then 'replica' when 'A' then 'always'
    else 'origin' end as enabled,
  pg_get_userbyid(e.evtowner) as owner,
  d.description as comment
from pg_event_trigger e
join pg_proc p on p.oid = e.evtfoid
join pg_namespace fn on fn.oid = p.pronamespace
left join pg_description d
  on d.objoid = e.oid and d.classoid = 'pg_event_trigger'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_event_trigger'::regclass and ext.objid = e.oid and ext.deptype = 'e'
where e.oid >= 16384
  and ext.objid is null
order by e.evtname
