create table parent (id int);
create table child (x int) inherits (parent);
