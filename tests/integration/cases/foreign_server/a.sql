-- Foreign servers on postgres_fdw and on a wrapper made by hand; a
-- secret-looking option's value is hidden.
create extension if not exists postgres_fdw;
create foreign data wrapper w;
grant usage on foreign data wrapper w to dbparity_service;
create server "Mixed Case" foreign data wrapper postgres_fdw
  options (host 'a.example', dbname 'app', port '5432');
create server "spa ce" type 'oracle' foreign data wrapper w;
create server "quo""te" version '1.0' foreign data wrapper w;
create server "select" foreign data wrapper w options (password 'dbparity-hidden-srv-A-91c2');
create server "ünï.code" foreign data wrapper postgres_fdw;
create server "a.b" foreign data wrapper w;
comment on server "a.b" is 'Sérver ''x''';
create server "User" foreign data wrapper w;
create server same_both type 't' version '2' foreign data wrapper w options (x 'y', password 'same');
create server only_a foreign data wrapper w;
