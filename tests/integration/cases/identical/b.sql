-- A rich schema built twice: nothing may differ between the two databases.
create extension if not exists hstore;
create schema app;
comment on schema app is 'application objects';
grant usage on schema app to dbparity_anon, dbparity_authenticated;

create type app.status as enum ('draft', 'published', 'archived');
create domain app.positive_int as int default 1 not null
  constraint positive check (value > 0);
create type app.money_pair as (amount numeric(12, 2), currency char(3));
create type app.float_range as range (subtype = float8);

create sequence app.invoice_no as bigint start with 1000 increment by 10 cache 5;

create table app.customers (
  id bigint generated always as identity primary key,
  email text not null collate "C" unique,
  name text default 'anonymous',
  attrs hstore,
  status app.status not null default 'draft',
  qty app.positive_int,
  total app.money_pair,
  email_domain text generated always as (split_part(email, '@', 2)) stored,
  created_at timestamptz not null default now()
);
comment on table app.customers is 'one row per customer';
comment on column app.customers.email is 'login';

create table app.orders (
  id bigserial primary key,
  customer_id bigint not null,
  invoice bigint default nextval('app.invoice_no'),
  during tstzrange,
  amount numeric(12, 2) check (amount >= 0),
  constraint orders_customer_fk foreign key (customer_id)
    references app.customers (id) on delete cascade deferrable initially deferred,
  constraint orders_no_overlap exclude using gist (during with &&)
);
create index orders_customer_idx on app.orders (customer_id);
create index orders_big_idx on app.orders (amount desc) where amount > 1000;
create unique index orders_invoice_key on app.orders (invoice);

create table app.measurements (city int, logdate date not null, peak int)
  partition by range (logdate);
create table app.measurements_2024 partition of app.measurements
  for values from ('2024-01-01') to ('2025-01-01');
create table app.measurements_2025 partition of app.measurements
  for values from ('2025-01-01') to ('2026-01-01');
create index measurements_city_idx on app.measurements (city);
create unlogged table app.cache (k text primary key, v jsonb);

alter table app.customers enable row level security;
alter table app.orders enable row level security;
alter table app.orders force row level security;
create policy customers_read on app.customers for select
  to dbparity_anon, dbparity_authenticated using (status = 'published');
create policy customers_write on app.customers as restrictive for insert
  to dbparity_authenticated with check (email like '%@%');
create policy orders_owner on app.orders for all to dbparity_service
  using (customer_id > 0) with check (amount < 1000000);

create function app.touch() returns trigger language plpgsql as $$
begin
  new.created_at := now();
  return new;
end
$$;
create trigger customers_touch before update on app.customers
  for each row when (old.email is distinct from new.email) execute function app.touch();
create trigger orders_audit after insert or delete on app.orders
  for each statement execute function app.touch();
alter table app.orders disable trigger orders_audit;

create function app.add(a int, b int default 0) returns int
  language sql immutable strict parallel safe leakproof
  return a + b;
create function app.add(a numeric, b numeric) returns numeric
  language sql immutable as $$ select a + b $$;
create function app.customer_count(out n bigint) language sql stable
  security definer set search_path = '' as $$ select count(*) from app.customers $$;
create function app.pairs(k int) returns table (a int, b text)
  language sql as $$ select k, k::text $$;
create procedure app.archive(days int) language plpgsql as $$
begin
  update app.customers set status = 'archived' where created_at < now() - make_interval(days => days);
end
$$;
comment on function app.touch() is 'sets created_at';
revoke execute on function app.customer_count() from public;
grant execute on function app.customer_count() to dbparity_service;

create view app.published as
  select id, email from app.customers where status = 'published';
create materialized view app.order_totals as
  select customer_id, sum(amount) as total from app.orders group by customer_id;
comment on view app.published is 'public profile';

grant select on app.published to dbparity_anon;
grant select, insert, update on app.customers to dbparity_authenticated;
grant select (id, amount) on app.orders to dbparity_anon;
grant usage, select on sequence app.invoice_no to dbparity_service;
grant all on app.cache to dbparity_service with grant option;

create table public.counted (id int);
insert into public.counted select generate_series(1, 10);
analyze public.counted;

create schema supabase_migrations;
create table supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  statements text[]
);
insert into supabase_migrations.schema_migrations values
  ('20240101000000', 'init', array['create schema app', 'create table x (id int)']),
  ('20240201000000', 'second', null);
