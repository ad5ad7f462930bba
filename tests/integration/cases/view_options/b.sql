create schema "Mixed Schema";
create table "Mixed Schema"."base table" (id int, "select" text);
create view "Mixed Schema"."Invoker View"
  as select id from "Mixed Schema"."base table";
create view "Mixed Schema"."same, spelled apart" with (security_invoker = 'true')
  as select id from "Mixed Schema"."base table";
create view "Mixed Schema"."qu""ote" with (security_invoker = 1)
  as select id from "Mixed Schema"."base table";
create view "Mixed Schema"."bar.rier"
  as select id from "Mixed Schema"."base table" where id > 0;
create view "Mixed Schema"."ñandú" as select id from "Mixed Schema"."base table"
  where id > 0 with cascaded check option;
create view "Mixed Schema"."select" as select id from "Mixed Schema"."base table"
  where id > 0;
create view "Mixed Schema"."both"
  as select id from "Mixed Schema"."base table";
