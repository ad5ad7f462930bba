create table x (a int, b int);
create index ix_definition on x using hash (a);
create index ix_unique on x (a, b);
create index ix_predicate on x (b) where b > 1;
