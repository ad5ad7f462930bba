create schema "Mixed Schema";
create table "Mixed Schema"."base table" (id int, "select" text);
-- security_invoker: on here, off (absent) in b; the spelling of a value is no difference
create view "Mixed Schema"."Invoker View" with (security_invoker = true)
  as select id from "Mixed Schema"."base table";
create view "Mixed Schema"."same, spelled apart" with (security_invoker = on)
  as select id from "Mixed Schema"."base table";
-- security_invoker off here, on in b
create view "Mixed Schema"."qu""ote" as select id from "Mixed Schema"."base table";
-- security_barrier
create view "Mixed Schema"."bar.rier" with (security_barrier)
  as select id from "Mixed Schema"."base table" where id > 0;
-- check_option: local here, cascaded in b; and local here, none in b
create view "Mixed Schema"."ñandú" as select id from "Mixed Schema"."base table"
  where id > 0 with local check option;
create view "Mixed Schema"."select" as select id from "Mixed Schema"."base table"
  where id > 0 with check option;
-- definition and an option differ together: one CREATE OR REPLACE covers both
create view "Mixed Schema"."both" with (security_invoker = true)
  as select id, "select" from "Mixed Schema"."base table";
