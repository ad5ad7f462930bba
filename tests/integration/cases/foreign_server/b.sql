create extension if not exists postgres_fdw;
create foreign data wrapper w;
grant usage on foreign data wrapper w to dbparity_service;
create server "Mixed Case" foreign data wrapper postgres_fdw
  options (host 'b.example', dbname 'app', port '5432');
create server "spa ce" type 'mysql' foreign data wrapper w;
create server "quo""te" version '2.0' foreign data wrapper w;
create server "select" foreign data wrapper w options (password 'dbparity-hidden-srv-B-07e4');
create server "ünï.code" foreign data wrapper w;
create server "a.b" foreign data wrapper w;
create server "User" foreign data wrapper w;
alter server "User" owner to dbparity_service;
create server same_both type 't' version '2' foreign data wrapper w options (password 'same', x 'y');
create server "Only B" foreign data wrapper w;
