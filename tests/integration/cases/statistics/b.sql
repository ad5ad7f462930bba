-- One extended statistics object per attribute, identifiers of every awkward
-- shape, one missing on each side, one following from its missing table, and
-- one on a table whose columns are in another order in B (not compared).
create schema "Stats Schema";
create table "Stats Schema"."Ta ble" (id int, "Mixed" int, "we""ird" text, "select" int, ünï int);
create table public.other (id int, "Mixed" int);
create statistics "Stats Schema"."kinds.diff" (dependencies) on id, "Mixed" from "Stats Schema"."Ta ble";
create statistics "Stats Schema"."Cols ""q""" on "select", id from "Stats Schema"."Ta ble";
create statistics public."select" on (upper("we""ird")) from "Stats Schema"."Ta ble";
create statistics public."Table Moved" on id, "Mixed" from public.other;
create statistics public.target (mcv) on id, "Mixed" from public.other;
create statistics public."Owner ü" on id, "Mixed" from public.other;
create statistics public.commented on id, "Mixed" from public.other;
create statistics public."only B" on id, "Mixed" from public.other;
create table public.ordered (c text, b int, a int);
create statistics public.ordered_stats on a, b, (a + b), upper(c) from public.ordered;
