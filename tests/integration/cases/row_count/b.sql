create table counted (id int);
insert into counted select generate_series(1, 3);
analyze counted;
-- a fresh copy: never analysed, so its estimate is unknown
create table analysed_here (id int);
insert into analysed_here select generate_series(1, 7);
create table never_analysed (id int);
