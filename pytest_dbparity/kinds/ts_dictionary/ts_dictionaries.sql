-- Text search dictionaries users created (not an extension's): template and
-- options by name (dictinitoption, as the server stores it: name = 'value', ...;
-- quotes doubled, E'' where a backslash is doubled too).
with options as (
  select d.oid,
    array_agg(
      array[
        case when left(o[1], 1) = '"' then replace(substr(o[1], 2, length(o[1]) - 2), '""', '"')
          else o[1] end,
        case when left(o[2], 1) = 'E'
          then replace(replace(substr(o[2], 3, length(o[2]) - 3), '''''', ''''), '\\', '\')
          else replace(substr(o[2], 2, length(o[2]) - 2), '''''', '''') end
      ]
      order by o[1] collate "C"
    ) as pairs
  from pg_ts_dict d
  cross join lateral regexp_matches(
    d.dictinitoption, '("(?:[^"]|"")+"|[^ ,=]+) = (E?''(?:[^'']|'''')*'')', 'g'
  ) as o
  where d.oid >= 16384
  group by d.oid
)
select
  n.nspname as schema,
  d.dictname as name,
  case when tn.nspname = 'pg_catalog' then quote_ident(t.tmplname)
    else quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname) end as template,
  coalesce(options.pairs, '{}') as options,
  pg_get_userbyid(d.dictowner) as owner,
  c.description as comment
from pg_ts_dict d
join pg_namespace n on n.oid = d.dictnamespace
join pg_ts_template t on t.oid = d.dicttemplate
join pg_namespace tn on tn.oid = t.tmplnamespace
left join options on options.oid = d.oid
left join pg_description c
  on c.objoid = d.oid and c.classoid = 'pg_ts_dict'::regclass and c.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_ts_dict'::regclass and ext.objid = d.oid and ext.deptype = 'e'
where d.oid >= 16384
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, d.dictname
