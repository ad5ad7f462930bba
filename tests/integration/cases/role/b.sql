do $$ begin
  create role "dbparity_role Ünï ""q"".select" nologin;
exception when duplicate_object or unique_violation then null;
end $$;
create schema "Role Schema";
create table "Role Schema".t (id int);
alter table "Role Schema".t enable row level security;
