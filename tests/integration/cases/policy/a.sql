create table p (owner_id int, a int);
alter table p enable row level security;
create policy pol_command on p for select using (true);
create policy pol_permissive on p as permissive for select using (true);
create policy pol_roles on p for select to dbparity_anon using (true);
create policy pol_role_order on p for select
  to dbparity_anon, dbparity_service, dbparity_authenticated using (true);
create policy pol_using on p for select using (a > 0);
create policy pol_with_check on p for insert with check (a > 0);
create policy pol_only_a on p for delete to dbparity_service using (owner_id = 1);
