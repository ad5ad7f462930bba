create table open_in_b (id int);
alter table open_in_b enable row level security;
create table forced_in_a (id int);
alter table forced_in_a enable row level security;
alter table forced_in_a force row level security;
