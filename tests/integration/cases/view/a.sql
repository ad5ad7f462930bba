create view v_definition as select 1 as x;
create view v_materialized as select 1 as x;
create view v_only_a as select 1 as x;
