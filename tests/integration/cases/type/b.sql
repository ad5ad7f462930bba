create type e_order as enum ('high', 'low');
create type e_added as enum ('low', 'high');
alter type e_added add value 'urgent';
create domain d_base as bigint;
create domain d_default as int default 2;
create domain d_not_null as int;
create domain d_check as int constraint d_check_positive check (value > 1);
create type c_attributes as (x int, y int);
