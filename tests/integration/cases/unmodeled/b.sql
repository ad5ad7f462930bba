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
-- Only in B: an operator class (with the family CREATE OPERATOR CLASS makes for
-- it), a text search parser, an access method.
create operator class "My S"."B ops" for type int8 using hash as
  operator 1 =, function 1 hashint8(int8);
create text search parser public."Only B" (start = prsd_start,
  gettoken = prsd_nexttoken, end = prsd_end, lextypes = prsd_lextype);
create access method "heap 2" type table handler heap_tableam_handler;
select lo_create(0);
