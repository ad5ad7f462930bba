-- replica_identity: full here, default in b
create table "Mixed Case" (id int primary key, body text);
alter table "Mixed Case" replica identity full;
-- replica_identity: using an index here, nothing in b
create table "spa ce" (id int not null, "order" int);
create unique index "Idx ñ" on "spa ce" (id);
alter table "spa ce" replica identity using index "Idx ñ";
-- replica_identity: default here, full in b
create table "quo""te" (id int);
-- storage_parameters: fillfactor changes, autovacuum_enabled only here, the TOAST
-- table's toast.autovacuum_enabled only in b
create table "a.b" (id int, doc text) with (fillfactor = 70, autovacuum_enabled = false);
-- equal parameters (however spelled), equal replica identity: no finding
create table "select" (id int) with (fillfactor = 80, autovacuum_enabled = off, autovacuum_vacuum_scale_factor = 0.20);
alter table "select" replica identity full;
-- missing in b: its parameters and replica identity come with its CREATE TABLE
create table "Ünïcode" (id int, doc text) with (fillfactor = 60, toast.autovacuum_enabled = off);
alter table "Ünïcode" replica identity full;
