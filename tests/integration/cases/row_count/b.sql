create table counted (id int);
create table never_analysed (id int);
