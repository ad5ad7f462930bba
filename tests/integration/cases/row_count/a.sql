create table counted (id int);
insert into counted select generate_series(1, 25);
analyze counted;
create table analysed_here (id int);
insert into analysed_here select generate_series(1, 7);
analyze analysed_here;
create table never_analysed (id int);
insert into never_analysed values (1), (2);
