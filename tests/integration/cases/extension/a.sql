create schema extensions2;
create extension hstore version '1.7';
create extension pg_trgm;
create extension cube;
create extension citext;
create table boxes (b cube);
