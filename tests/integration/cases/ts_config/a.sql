create schema "Mixed Case";
create text search parser public."prs ü" (start = prsd_start, gettoken = prsd_nexttoken,
  end = prsd_end, lextypes = prsd_lextype, headline = prsd_headline);
create text search dictionary "Mixed Case"."Dict ü" (template = simple, stopwords = english);
create text search configuration "Mixed Case"."order" (parser = default);
create text search configuration public."it's ""cfg""" (copy = english);
create text search configuration public."a.b" (copy = english);
create text search configuration public."日本語" (copy = english);
create text search configuration public.ordered (copy = english);
alter text search configuration public.ordered
  alter mapping for asciiword with "Mixed Case"."Dict ü", english_stem;
create text search configuration public."User" (copy = simple);
create text search configuration public."select" (copy = simple);
comment on text search configuration public."select" is 'für "Suche"';
create text search configuration public.only_a (copy = simple);
create text search configuration public.same (copy = english);
alter text search configuration public.same drop mapping for email, url;
