create schema "Mixed Case";
create text search parser public."prs ü" (start = prsd_start, gettoken = prsd_nexttoken,
  end = prsd_end, lextypes = prsd_lextype, headline = prsd_headline);
create text search dictionary "Mixed Case"."Dict ü" (template = simple, stopwords = english);
create text search configuration "Mixed Case"."order" (parser = public."prs ü");
create text search configuration public."it's ""cfg""" (copy = english);
alter text search configuration public."it's ""cfg""" alter mapping for asciiword with simple;
create text search configuration public."a.b" (copy = english);
alter text search configuration public."a.b" drop mapping for email;
create text search configuration public."日本語" (copy = english);
alter text search configuration public."日本語"
  add mapping for tag with "Mixed Case"."Dict ü", simple;
create text search configuration public.ordered (copy = english);
alter text search configuration public.ordered
  alter mapping for asciiword with english_stem, "Mixed Case"."Dict ü";
create text search configuration public."User" (copy = simple);
alter text search configuration public."User" owner to dbparity_service;
create text search configuration public."select" (copy = simple);
create text search configuration public."Only B" (copy = simple);
create text search configuration public.same (copy = english);
alter text search configuration public.same drop mapping for url;
alter text search configuration public.same drop mapping for email;
