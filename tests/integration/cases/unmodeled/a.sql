-- Objects of kinds the plugin does not model, with awkward names. The same on
-- both sides: no finding.
create schema "My S";
create schema "select";
create schema "a.b";
create schema extensions;
create operator family "My S"."Fam ""q""" using btree;
create operator class "select"."ops ü" for type int4 using hash as
  operator 1 =, function 1 hashint4(int4);
create text search parser "a.b"."Prs X" (start = prsd_start,
  gettoken = prsd_nexttoken, end = prsd_end, lextypes = prsd_lextype);
create text search template public."tmpl.ü" (init = dsimple_init, lexize = dsimple_lexize);
create conversion "My S"."Conv Ü" for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8;
-- Only in A: an operator family, a text search template, a conversion.
create operator family public."Only A" using hash;
create text search template "My S"."table" (init = dsimple_init, lexize = dsimple_lexize);
create conversion public."conv.a" for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8;
-- Two large objects here, one in B: counted, not named (they have only OIDs).
select lo_create(0);
select lo_create(0);
-- An extension's operator classes, families and access method are its own (the
-- extension's finding says it is missing in B); a schema outside the read scope
-- is not read.
create extension bloom;
create text search template extensions."Not Read" (init = dsimple_init, lexize = dsimple_lexize);
