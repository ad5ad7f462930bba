-- Text search configurations users created (not an extension's): parser, and the
-- dictionaries mapped to each token type, in the order they are tried.
with token_maps as (
  select m.mapcfg, m.maptokentype,
    string_agg(m.mapdict::regdictionary::text, ', ' order by m.mapseqno) as dictionaries
  from pg_ts_config_map m
  where m.mapcfg >= 16384
  group by m.mapcfg, m.maptokentype
), maps as (
  select tm.mapcfg,
    array_agg(array[coalesce(tt.alias, tm.maptokentype::text), tm.dictionaries]
              order by coalesce(tt.alias, tm.maptokentype::text) collate "C") as pairs
  from token_maps tm
  join pg_ts_config c on c.oid = tm.mapcfg
  left join lateral ts_token_type(c.cfgparser) as tt on tt.tokid = tm.maptokentype
  group by tm.mapcfg
)
select
  n.nspname as schema,
  c.cfgname as name,
  case when pn.nspname = 'pg_catalog' then quote_ident(p.prsname)
    else quote_ident(pn.nspname) || '.' || quote_ident(p.prsname) end as parser,
  coalesce(maps.pairs, '{}') as mapping,
  pg_get_userbyid(c.cfgowner) as owner,
  d.description as comment
from pg_ts_config c
join pg_namespace n on n.oid = c.cfgnamespace
join pg_ts_parser p on p.oid = c.cfgparser
join pg_namespace pn on pn.oid = p.prsnamespace
left join maps on maps.mapcfg = c.oid
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_ts_config'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_ts_config'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.oid >= 16384
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.cfgname
