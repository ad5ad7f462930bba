-- How many catalog rows the server's deparsing functions read (pg_get_functiondef,
-- pg_get_viewdef, pg_get_expr, pg_get_*def) were written by a transaction the
-- read's snapshot does not see: DDL that committed while (or after) the catalog
-- was read, so a deparsed text may come from a newer row than the attributes
-- beside it. Runs in a transaction of its own, after the read; %(snapshot)s is
-- the read's pg_current_snapshot(). A row's 32-bit xmin becomes an xid8 with the
-- epoch of the next transaction id (the row is not older than 2^31 transactions
-- when it matters: age() filters first); frozen rows are never new.
with s as (
  select %(snapshot)s::pg_snapshot as snap,
         pg_snapshot_xmax(pg_current_snapshot())::text::bigint as next
), versions as (
  select p.xmin as x from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where {{in_scope n}}
  union all
  select c.xmin from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where {{in_scope n}}
  union all
  select r.xmin from pg_rewrite r join pg_class c on c.oid = r.ev_class
  join pg_namespace n on n.oid = c.relnamespace
  where {{in_scope n}}
  union all
  select co.xmin from pg_constraint co join pg_namespace n on n.oid = co.connamespace
  where {{in_scope n}}
  union all
  select d.xmin from pg_attrdef d join pg_class c on c.oid = d.adrelid
  join pg_namespace n on n.oid = c.relnamespace
  where {{in_scope n}}
  union all
  select t.xmin from pg_trigger t join pg_class c on c.oid = t.tgrelid
  join pg_namespace n on n.oid = c.relnamespace
  where {{in_scope n}}
  union all
  select po.xmin from pg_policy po join pg_class c on c.oid = po.polrelid
  join pg_namespace n on n.oid = c.relnamespace
  where {{in_scope n}}
  union all
  select pr.xmin from pg_publication_rel pr  -- its row filter (pg_get_expr)
  union all
  select i.xmin from pg_index i join pg_class c on c.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace
  where {{in_scope n}}
  union all
  select se.xmin from pg_statistic_ext se join pg_namespace n on n.oid = se.stxnamespace
  where {{in_scope n}}
)
select count(*)::int as changed
from versions, s
where age(versions.x) <= s.next - pg_snapshot_xmin(s.snap)::text::bigint
  and not pg_visible_in_snapshot(
    (((s.next >> 32) - (versions.x::text::bigint > (s.next & 4294967295))::int)
      * 4294967296 + versions.x::text::bigint)::text::xid8,
    s.snap)
