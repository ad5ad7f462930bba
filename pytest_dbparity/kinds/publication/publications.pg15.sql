-- Publications (PostgreSQL 15 and newer), without those an extension created.
-- Database-wide: the read scope does not filter them, and their member tables
-- are listed whatever schema they are in (a publication sends them anyway).
-- tables: [schema.table, what of it] pairs; the column list by name (sorted, so
-- column order never matters) or "all columns", then the row filter.
-- schemas: [schema, 'all tables'] pairs (FOR TABLES IN SCHEMA).
-- Names are quoted as quote_ident does; pairs sorted byte-wise.
with members as (
  select pr.prpubid as pub,
    quote_ident(n.nspname) || '.' || quote_ident(c.relname) as member,
    case when pr.prattrs is null then 'all columns'
      else 'columns (' || (
        select string_agg(quote_ident(a.attname), ', ' order by a.attname collate "C")
        from unnest(pr.prattrs) as k(attnum)
        join pg_attribute a on a.attrelid = pr.prrelid and a.attnum = k.attnum
      ) || ')'
    end
    || coalesce(' WHERE (' || pg_get_expr(pr.prqual, pr.prrelid, true) || ')', '')
      as value
  from pg_publication_rel pr
  join pg_class c on c.oid = pr.prrelid
  join pg_namespace n on n.oid = c.relnamespace
), tables as (
  select pub, array_agg(array[member, value] order by member collate "C") as pairs
  from members
  group by pub
), schemas as (
  select pn.pnpubid as pub,
    array_agg(array[quote_ident(n.nspname), 'all tables']
              order by quote_ident(n.nspname) collate "C") as pairs
  from pg_publication_namespace pn
  join pg_namespace n on n.oid = pn.pnnspid
  group by pn.pnpubid
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
  coalesce(s.pairs, '{}') as schemas,
  pg_get_userbyid(p.pubowner) as owner,
  d.description as comment
from pg_publication p
left join tables t on t.pub = p.oid
left join schemas s on s.pub = p.oid
left join pg_description d
  on d.objoid = p.oid and d.classoid = 'pg_publication'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_publication'::regclass and ext.objid = p.oid and ext.deptype = 'e'
where ext.objid is null
order by p.pubname
