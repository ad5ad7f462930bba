create table counted (id int);
insert into counted select generate_series(1, 25);
analyze counted;
create table never_analysed (id int);
insert into never_analysed values (1), (2);
