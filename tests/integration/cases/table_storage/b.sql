create table "Mixed Case" (id int primary key, body text);
create table "spa ce" (id int not null, "order" int);
create unique index "Idx ñ" on "spa ce" (id);
alter table "spa ce" replica identity nothing;
create table "quo""te" (id int);
alter table "quo""te" replica identity full;
create table "a.b" (id int, doc text) with (fillfactor = 90, toast.autovacuum_enabled = false);
create table "select" (id int) with (fillfactor = 80.0, autovacuum_enabled = false, autovacuum_vacuum_scale_factor = 0.2);
alter table "select" replica identity full;
