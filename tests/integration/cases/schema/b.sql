create schema only_b;
create schema documented;
comment on schema documented is 'reporting tables, v2';
