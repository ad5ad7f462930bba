create table parent (id int, x int);
create table child () inherits (parent);
