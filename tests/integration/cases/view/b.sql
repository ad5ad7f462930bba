create view v_definition as select 2 as x;
create materialized view v_materialized as select 1 as x;
