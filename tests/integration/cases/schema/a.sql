create schema only_a;
create schema documented;
comment on schema documented is 'reporting tables';
