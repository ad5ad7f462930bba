create table only_a (id int primary key);
