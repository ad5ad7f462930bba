create table x (a int, b int);
create index ix_definition on x (a);
create unique index ix_unique on x (a, b);
create index ix_predicate on x (b) where b > 0;
create index ix_only_a on x (a, b);
