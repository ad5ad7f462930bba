-- Views and materialized views.
-- With the deparse parameter false the definition is left out: pg_get_viewdef
-- locks the view and what it reads until the transaction ends, so a reader short
-- of lock slots fetches definitions for a few oids at a time (the oids
-- parameter), each batch in its own transaction on the same snapshot.
select
  c.oid,
  n.nspname as schema,
  c.relname as name,
  c.relkind = 'm' as materialized,
  case when %(deparse)s then pg_get_viewdef(c.oid, true) end as definition,
  pg_get_userbyid(c.relowner) as owner,
  d.description as comment,
  coalesce(c.reloptions, '{}') as options,
  coalesce((select o.option_value::bool from pg_options_to_table(c.reloptions) o
            where o.option_name = 'security_invoker'), false) as security_invoker,
  coalesce((select o.option_value::bool from pg_options_to_table(c.reloptions) o
            where o.option_name = 'security_barrier'), false) as security_barrier,
  (select lower(o.option_value) from pg_options_to_table(c.reloptions) o
   where o.option_name = 'check_option') as check_option
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.relkind in ('v', 'm')
  and ext.objid is null
  and {{in_scope n}}
  and (%(oids)s::oid[] is null or c.oid = any(%(oids)s::oid[]))
order by n.nspname, c.relname
