-- One extended statistics object per attribute, identifiers of every awkward
-- shape, one missing on each side, one following from its missing table, and
-- one on a table whose columns are in another order in B (not compared).
create schema "Stats Schema";
create table "Stats Schema"."Ta ble" (id int, "Mixed" int, "we""ird" text, "select" int, ünï int);
create table public.other (id int, "Mixed" int);
create statistics "Stats Schema"."kinds.diff" (ndistinct) on id, "Mixed" from "Stats Schema"."Ta ble";
create statistics "Stats Schema"."Cols ""q""" on "select", ünï from "Stats Schema"."Ta ble";
create statistics public."select" on (lower("we""ird")) from "Stats Schema"."Ta ble";
create statistics public."Table Moved" on id, "Mixed" from "Stats Schema"."Ta ble";
create statistics public.target (mcv) on id, "Mixed" from public.other;
alter statistics public.target set statistics 500;
create statistics public."Owner ü" on id, "Mixed" from public.other;
alter statistics public."Owner ü" owner to dbparity_service;
create statistics public.commented on id, "Mixed" from public.other;
comment on statistics public.commented is 'it''s "planned"';
create statistics public."only.A" (dependencies) on id, ("Mixed" + 1) from public.other;
create table public.ordered (a int, b int, c text);
create statistics public.ordered_stats on b, a, (a + b), upper(c) from public.ordered;
create table public.gone (x int, y int);
create statistics public.gone_stats on x, y from public.gone;
