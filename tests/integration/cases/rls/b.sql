create table open_in_b (id int);
create table forced_in_a (id int);
alter table forced_in_a enable row level security;
