-- An INVALID index: on a partitioned table, an ON ONLY index stays invalid until
-- an index of every partition is attached to it (as a failed CREATE INDEX
-- CONCURRENTLY leaves one on a plain table).
create table ev (id int, at date) partition by range (at);
create table ev_2024 partition of ev for values from ('2024-01-01') to ('2025-01-01');
create index ev_at on only ev (at);
