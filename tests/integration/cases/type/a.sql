create type e_order as enum ('low', 'high');
create type e_added as enum ('low', 'high');
create domain d_base as int;
create domain d_default as int default 1;
create domain d_not_null as int not null;
create domain d_check as int constraint d_check_positive check (value > 0);
create type c_attributes as (x int, y text);
