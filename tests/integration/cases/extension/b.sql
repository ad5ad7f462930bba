create schema extensions2;
create extension hstore;
create extension pg_trgm schema extensions2;
create extension cube schema extensions2;
create table boxes (b extensions2.cube);
