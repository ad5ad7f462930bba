-- Whether deparsing every view, rule and SQL-standard function body that the reader
-- reads fits the server's lock table in one transaction: the table's size, and
-- how many objects would lock at least themselves and one relation each until
-- the transaction ends.
with read_schemas as (
  select n.oid
  from pg_namespace n
  where {{in_scope n}}
)
select
  current_setting('max_locks_per_transaction')::int
    * (current_setting('max_connections')::int
       + current_setting('max_prepared_transactions')::int) as lock_slots,
  (select count(*) from pg_class
   where relkind in ('v', 'm') and relnamespace in (select oid from read_schemas))
    + (select count(*) from pg_proc
       where prosqlbody is not null and pronamespace in (select oid from read_schemas))
    + (select count(*) from pg_rewrite r join pg_class c on c.oid = r.ev_class
       where r.rulename <> '_RETURN' and c.relnamespace in (select oid from read_schemas))
    as deparsed
order by 1
