-- Collations users created (CREATE COLLATION): the server's own (oid below
-- 16384, in pg_catalog) and those of an extension are left out. PostgreSQL 14
-- keeps an ICU collation's locale in collcollate; collations.pg15.sql and newer
-- read the columns that replaced it.
select
  n.nspname as schema,
  c.collname as name,
  case c.collprovider when 'c' then 'libc' when 'i' then 'icu' when 'b' then 'builtin'
    else c.collprovider::text end as provider,
  case when c.collprovider = 'c' and c.collcollate <> c.collctype
    then 'LC_COLLATE=' || c.collcollate || ', LC_CTYPE=' || c.collctype
    else c.collcollate::text end as locale,
  null::text as icu_rules,
  c.collisdeterministic as deterministic,
  pg_get_userbyid(c.collowner) as owner,
  d.description as comment,
  case when c.collprovider = 'c' then c.collcollate::text end as lc_collate,
  case when c.collprovider = 'c' then c.collctype::text end as lc_ctype
from pg_collation c
join pg_namespace n on n.oid = c.collnamespace
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_collation'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_collation'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.oid >= 16384
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.collname
