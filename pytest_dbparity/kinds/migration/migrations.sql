-- Migration history, read only when the table exists. {table}, {name} and
-- {statements_hash} are composed with psycopg.sql (identifiers, never string edits).
select
  version::text as version,
  {name} as name,
  {statements_hash} as statements_hash
from {table}
order by version
