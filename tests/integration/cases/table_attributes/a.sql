-- table_type: partitioned here, ordinary in b
create table events (id int, at date) partition by range (at);
-- persistence
create unlogged table scratch (id int);
-- partition_of / partition_bound
create table parent_one (k int) partition by list (k);
create table parent_two (k int) partition by list (k);
create table moved partition of parent_one for values in (1);
create table rebound partition of parent_two for values in (2);
-- comment
create table documented (id int);
comment on table documented is 'one row per customer';
