-- One collation per attribute, identifiers of every awkward shape; ICU rules
-- (PostgreSQL 16+) are not changed here, so the case holds on every server.
create schema "Coll Schema";
create collation "Coll Schema"."Provider.Kind" (provider = icu, locale = 'und');
create collation "Coll Schema"."locale ü" (provider = icu, locale = 'de-DE');
create collation public."LC ""split""" (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');
create collation public."select" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
create collation public."Owned By" (provider = icu, locale = 'en');
alter collation public."Owned By" owner to dbparity_service;
create collation public.commented (provider = libc, locale = 'C');
comment on collation public.commented is 'it''s "sorted"';
create collation public."only A" (provider = icu, locale = 'sv');
-- The same on both sides, and used by a column: no finding.
create collation public."in use" (provider = icu, locale = 'de-u-co-phonebk');
create table public.uses_collation (name text collate public."in use");
