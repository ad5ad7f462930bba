-- Extended statistics objects (CREATE STATISTICS); an extension's are left out.
-- The definition names the kinds (ndistinct, dependencies, mcv; none for a
-- single expression), then the columns sorted by name (stxkeys is in column
-- order, which is not compared) and the expressions as the server prints them:
-- pg_get_statisticsobjdef_columns without its leading column list.
-- stxstattarget: -1 up to PostgreSQL 16, null from 17, means the default.
select
  n.nspname as schema,
  s.stxname as name,
  quote_ident(tn.nspname) || '.' || quote_ident(t.relname) as "table",
  kinds.text || 'ON ' || concat_ws(', ',
    nullif(cols.by_name, ''),
    nullif(case when cols.in_order = '' then def.text
      else substr(def.text, length(cols.in_order) + 3) end, '')
  ) as definition,
  nullif(s.stxstattarget::int, -1) as statistics_target,
  pg_get_userbyid(s.stxowner) as owner,
  d.description as comment
from pg_statistic_ext s
join pg_namespace n on n.oid = s.stxnamespace
join pg_class t on t.oid = s.stxrelid
join pg_namespace tn on tn.oid = t.relnamespace
cross join lateral (select pg_get_statisticsobjdef_columns(s.oid) as text offset 0) as def
cross join lateral (
  select
    coalesce(string_agg(quote_ident(a.attname), ', ' order by k.i), '') as in_order,
    coalesce(string_agg(quote_ident(a.attname), ', '
      order by quote_ident(a.attname) collate "C"), '') as by_name
  from unnest(s.stxkeys::int2[]) with ordinality as k(attnum, i)
  join pg_attribute a on a.attrelid = s.stxrelid and a.attnum = k.attnum
) as cols
cross join lateral (
  select coalesce('(' || string_agg(x.name, ', ' order by x.pos) || ') ', '') as text
  from (values ('d', 'ndistinct', 1), ('f', 'dependencies', 2), ('m', 'mcv', 3))
    as x(code, name, pos)
  where x.code::"char" = any(s.stxkind)
) as kinds
left join pg_description d
  on d.objoid = s.oid and d.classoid = 'pg_statistic_ext'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_statistic_ext'::regclass and ext.objid = s.oid and ext.deptype = 'e'
where ext.objid is null
  and {{in_scope n}}
order by n.nspname, s.stxname
