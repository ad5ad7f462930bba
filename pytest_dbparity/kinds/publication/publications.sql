-- Publications (PostgreSQL 13 and 14: no column lists, row filters or
-- FOR TABLES IN SCHEMA; publications.pg15.sql has them), without those an
-- extension created. Database-wide: the read scope does not filter them, and
-- their member tables are listed whatever schema they are in.
-- tables: [schema.table, 'all columns'] pairs, quoted as quote_ident does,
-- sorted byte-wise.
with tables as (
  select pr.prpubid as pub,
    array_agg(array[quote_ident(n.nspname) || '.' || quote_ident(c.relname), 'all columns']
              order by quote_ident(n.nspname) || '.' || quote_ident(c.relname) collate "C")
      as pairs
  from pg_publication_rel pr
  join pg_class c on c.oid = pr.prrelid
  join pg_namespace n on n.oid = c.relnamespace
  group by pr.prpubid
)
select
  p.pubname as name,
  p.puballtables as all_tables,
  coalesce(nullif(concat_ws(', ',
    case when p.pubinsert then 'insert' end,
    case when p.pubupdate then 'update' end,
    case when p.pubdelete then 'delete' end,
    case when p.pubtruncate then 'truncate' end), ''), 'none') as operations,
  p.pubviaroot as publish_via_partition_root,
  coalesce(t.pairs, '{}') as tables,
  '{}'::text[] as schemas,
  pg_get_userbyid(p.pubowner) as owner,
  d.description as comment
from pg_publication p
left join tables t on t.pub = p.oid
left join pg_description d
  on d.objoid = p.oid and d.classoid = 'pg_publication'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_publication'::regclass and ext.objid = p.oid and ext.deptype = 'e'
where ext.objid is null
order by p.pubname
