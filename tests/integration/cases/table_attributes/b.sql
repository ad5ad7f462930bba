create table events (id int, at date);
create table scratch (id int);
create table parent_one (k int) partition by list (k);
create table parent_two (k int) partition by list (k);
create table moved partition of parent_two for values in (1);
create table rebound partition of parent_two for values in (3);
create table documented (id int);
