-- One collation per attribute, identifiers of every awkward shape; ICU rules
-- (PostgreSQL 16+) are not changed here, so the case holds on every server.
create schema "Coll Schema";
create collation "Coll Schema"."Provider.Kind" (provider = libc, locale = 'C');
create collation "Coll Schema"."locale ü" (provider = icu, locale = 'fr-FR');
create collation public."LC ""split""" (provider = libc, locale = 'C');
create collation public."select" (provider = icu, locale = 'und-u-ks-level2', deterministic = true);
create collation public."Owned By" (provider = icu, locale = 'en');
create collation public.commented (provider = libc, locale = 'C');
create collation public."only B" (provider = libc, locale = 'POSIX');
-- The same on both sides, and used by a column: no finding.
create collation public."in use" (provider = icu, locale = 'de-u-co-phonebk');
create table public.uses_collation (name text collate public."in use");
