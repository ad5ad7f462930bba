-- Sequences; those behind identity columns are part of the column.
select
  n.nspname as schema,
  c.relname as name,
  format_type(s.seqtypid, null) as data_type,
  s.seqstart as start,
  s.seqincrement as increment,
  s.seqmin as min_value,
  s.seqmax as max_value,
  s.seqcache as cache,
  s.seqcycle as cycle,
  case when own.objid is not null then (quote_ident(rn.nspname) || '.' || quote_ident(rc.relname) || '.' || quote_ident(ra.attname))
  end as owned_by,
  -- An owned sequence's owner is its table's (OWNED BY requires it, and only
  -- ALTER TABLE changes it).
  pg_get_userbyid(c.relowner) as owner,
  cmt.description as comment
from pg_sequence s
join pg_class c on c.oid = s.seqrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_depend own
  on own.classid = 'pg_class'::regclass and own.objid = c.oid
  and own.refclassid = 'pg_class'::regclass and own.deptype in ('a', 'i')
left join pg_class rc on rc.oid = own.refobjid
left join pg_namespace rn on rn.oid = rc.relnamespace
left join pg_attribute ra on ra.attrelid = own.refobjid and ra.attnum = own.refobjsubid
-- The comment by a join, not obj_description() per row (a query each).
left join pg_description cmt
  on cmt.objoid = c.oid and cmt.classoid = 'pg_class'::regclass and cmt.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where (own.deptype is null or own.deptype = 'a')
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname
