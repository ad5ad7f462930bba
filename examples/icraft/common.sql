-- icraft: the part of the application schema that prod and non-prod share.
--
-- Runs after platform.sql and before prod.sql or nonprod.sql. Everything both
-- environments agree on lives here; the side files hold only the drift. Rows are
-- deterministic (ids derived with md5) so both sides get the same shared data.

set client_min_messages = warning;

create extension if not exists pgcrypto schema extensions;
create extension if not exists pg_trgm schema extensions;

-- ------------------------------------------------------------------ types

create type public.subscription_status as enum (
  'trialing', 'active', 'past_due', 'canceled', 'incomplete'
);

-- ----------------------------------------------------------------- tables

create table public.user_profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null unique,
  display_name text,
  avatar_url text,
  language varchar(10),
  subscription_plan text not null default 'free',
  subscription_status public.subscription_status not null default 'trialing',
  credits_balance integer not null default 0,
  stripe_customer_id text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  owner_id uuid not null references public.user_profiles (id) on delete cascade,
  credits_balance integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.stories (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.user_profiles (id) on delete cascade,
  team_id uuid references public.teams (id) on delete set null,
  title text not null,
  content jsonb not null default '{}'::jsonb,
  cover_image_url text,
  visibility text not null default 'private'
    check (visibility in ('private', 'team', 'public')),
  is_published boolean not null default false,
  original_user_id uuid,
  last_modified_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index stories_user_id_idx on public.stories (user_id, updated_at desc);
create index stories_title_trgm_idx on public.stories
  using gin (title extensions.gin_trgm_ops);

create table public.categories (
  id integer generated always as identity primary key,
  slug text not null unique,
  name text not null,
  sort_order integer not null default 0,
  created_at timestamptz not null default now()
);

create table public.community_stories (
  id uuid primary key default gen_random_uuid(),
  story_id uuid references public.stories (id) on delete cascade,
  category_id integer references public.categories (id),
  title text not null,
  author_name text,
  is_published boolean not null default true,
  is_featured boolean not null default false,
  sort_order integer not null default 0,
  likes_count integer not null default 0,
  published_at timestamptz not null default now()
);
create index community_stories_feed_idx on public.community_stories
  (is_published, sort_order, published_at desc);

create table public.team_invitations (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  email text not null,
  role text not null default 'member' check (role in ('member', 'admin')),
  status text not null default 'pending'
    check (status in ('pending', 'accepted', 'declined', 'expired')),
  invited_by uuid references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default (now() + interval '7 days')
);
create unique index team_invitations_pending_idx on public.team_invitations
  (team_id, email) where status = 'pending';

create table public.gen_ai_details (
  id uuid primary key default gen_random_uuid(),
  story_id uuid,
  user_id uuid references public.user_profiles (id) on delete cascade,
  created_at timestamptz not null default now()
);

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.user_profiles (id) on delete cascade,
  stripe_subscription_id text unique,
  plan_id text not null,
  status public.subscription_status not null default 'incomplete',
  current_period_end timestamptz,
  created_at timestamptz not null default now()
);

create table public.subscription_events (
  id uuid primary key default gen_random_uuid(),
  event_type text not null,
  stripe_event_id text unique,
  payload jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table public.webhook_events (
  id uuid primary key default gen_random_uuid(),
  source text not null default 'stripe',
  event_type text not null,
  stripe_event_id text unique,
  payload jsonb not null default '{}'::jsonb,
  processed boolean not null default false,
  processed_at timestamptz,
  created_at timestamptz not null default now()
);

create table public.webhook_idempotency (
  idempotency_key text primary key,
  webhook_event_id uuid references public.webhook_events (id) on delete cascade,
  created_at timestamptz not null default now()
);

create table public.reconciliation_jobs (
  id uuid primary key default gen_random_uuid(),
  job_type text not null,
  status text not null default 'pending',
  records_checked integer not null default 0,
  started_at timestamptz not null default now(),
  completed_at timestamptz
);

create table public.consistency_violations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references public.user_profiles (id) on delete cascade,
  violation_type text not null,
  severity text not null default 'medium',
  detected_at timestamptz not null default now()
);

create table public.activities (
  id bigint generated by default as identity primary key,
  user_id uuid references public.user_profiles (id) on delete cascade,
  story_id uuid,
  action text not null,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index activities_user_id_idx on public.activities (user_id, created_at desc);

create table public.custom_images (
  id uuid primary key default gen_random_uuid(),
  r2_key text not null unique,
  title text,
  category_id integer references public.categories (id),
  tags text[] not null default '{}',
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Receipt numbers are shared by user and team ledgers, hence a free sequence.
create sequence public.receipt_number_seq as bigint start with 100000;

create table public.credit_transactions (
  id bigint generated always as identity primary key,
  receipt_number bigint not null unique
    default nextval('public.receipt_number_seq'::regclass),
  user_id uuid references public.user_profiles (id) on delete cascade,
  team_id uuid references public.teams (id) on delete cascade,
  amount integer not null,
  transaction_type text not null
    check (transaction_type in ('purchase', 'allocation', 'usage', 'refund', 'transfer')),
  description text,
  balance_after integer,
  created_at timestamptz not null default now(),
  check (user_id is not null or team_id is not null)
);

-- ------------------------------------------------------------------ views

create view public.community_feed with (security_invoker = true) as
  select cs.id, cs.title, cs.author_name, c.name as category_name,
         cs.is_featured, cs.likes_count, cs.published_at
    from public.community_stories cs
    left join public.categories c on c.id = cs.category_id
   where cs.is_published
   order by cs.sort_order, cs.published_at desc;

-- -------------------------------------------------------------- functions

create function public.update_updated_at_column() returns trigger
language plpgsql
as $fn$
begin
  new.updated_at := now();
  return new;
end;
$fn$;

create function public.set_credit_balance_after() returns trigger
language plpgsql
as $fn$
declare
  v_previous integer;
begin
  select t.balance_after into v_previous
    from public.credit_transactions t
   where t.user_id is not distinct from new.user_id
     and t.team_id is not distinct from new.team_id
   order by t.id desc
   limit 1;
  new.balance_after := coalesce(v_previous, 0) + new.amount;
  return new;
end;
$fn$;

create function public.is_team_member(p_team_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $fn$
  select exists (
    select 1 from public.teams t
     where t.id = p_team_id and t.owner_id = auth.uid()
  )
$fn$;

create function public.get_user_credit_balance(p_user_id uuid) returns integer
language sql stable
as $fn$
  select credits_balance from public.user_profiles where id = p_user_id
$fn$;

create function public.get_paginated_community_stories(
  p_limit integer default 20,
  p_offset integer default 0
) returns setof public.community_feed
language sql stable
as $fn$
  select * from public.community_feed limit p_limit offset p_offset
$fn$;

-- --------------------------------------------------------------- triggers

create trigger user_profiles_updated_at before update on public.user_profiles
  for each row execute function public.update_updated_at_column();
create trigger teams_updated_at before update on public.teams
  for each row execute function public.update_updated_at_column();
create trigger stories_updated_at before update on public.stories
  for each row execute function public.update_updated_at_column();
create trigger custom_images_updated_at before update on public.custom_images
  for each row execute function public.update_updated_at_column();
create trigger credit_transactions_balance before insert on public.credit_transactions
  for each row execute function public.set_credit_balance_after();

-- ---------------------------------------------------- row level security

-- user_profiles and stories get theirs later (see prod.sql / nonprod.sql).
alter table public.teams enable row level security;
alter table public.categories enable row level security;
alter table public.community_stories enable row level security;
alter table public.team_invitations enable row level security;
alter table public.gen_ai_details enable row level security;
alter table public.subscriptions enable row level security;
alter table public.subscription_events enable row level security;
alter table public.webhook_events enable row level security;
alter table public.webhook_idempotency enable row level security;
alter table public.reconciliation_jobs enable row level security;
alter table public.consistency_violations enable row level security;
alter table public.activities enable row level security;
alter table public.custom_images enable row level security;
alter table public.credit_transactions enable row level security;

create policy "Users can view own profile" on public.user_profiles
  for select to authenticated using (id = auth.uid());
create policy "Users can update own profile" on public.user_profiles
  for update to authenticated
  using (id = auth.uid()) with check (id = auth.uid());

create policy "Users can view own stories" on public.stories
  for select to authenticated using (user_id = auth.uid());
create policy "Users can manage own stories" on public.stories
  for all to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Team members can view team stories" on public.stories
  for select to authenticated
  using (team_id is not null and public.is_team_member(team_id));

create policy "Owners manage their teams" on public.teams
  for all to authenticated
  using (owner_id = auth.uid()) with check (owner_id = auth.uid());

create policy "Team members can view invitations" on public.team_invitations
  for select to authenticated using (public.is_team_member(team_id));

create policy "Users can view own generations" on public.gen_ai_details
  for select to authenticated using (user_id = auth.uid());

create policy "Users can view own subscriptions" on public.subscriptions
  for select to authenticated using (user_id = auth.uid());

create policy "Users can view own activities" on public.activities
  for select to authenticated using (user_id = auth.uid());

create policy "Users can view own credit transactions" on public.credit_transactions
  for select to authenticated using (user_id = auth.uid());

-- ----------------------------------------------------------------- grants

grant select on public.categories, public.community_stories, public.community_feed,
  public.custom_images to anon;
grant execute on function public.get_paginated_community_stories(integer, integer)
  to anon;

-- --------------------------------------------------------------- history

insert into supabase_migrations.schema_migrations (version, name, statements) values
  ('20250501083012', 'initial_schema',
   array['create type public.subscription_status as enum (...)']),
  ('20250503101545', 'create_user_profiles',
   array['create table public.user_profiles (...)']),
  ('20250506142210', 'create_stories',
   array['create table public.stories (...)',
         'create index stories_user_id_idx on public.stories (user_id, updated_at desc)']),
  ('20250508093307', 'create_categories',
   array['create table public.categories (...)']),
  ('20250512111920', 'create_activities',
   array['create table public.activities (...)']),
  ('20250514160433', 'create_credit_transactions',
   array['create table public.credit_transactions (...)',
         'create trigger credit_transactions_balance ...']),
  ('20250516084512', 'add_rls_policies',
   array['create policy "Users can view own profile" ...',
         'create policy "Users can view own stories" ...']),
  ('20250519120005', 'create_teams',
   array['create table public.teams (...)', 'create table public.team_invitations (...)']),
  ('20250521153340', 'create_subscriptions',
   array['create table public.subscriptions (...)',
         'create table public.subscription_events (...)']),
  ('20250522083723', 'create_community_stories',
   array['create table public.community_stories (...)',
         'create view public.community_feed ...']);

-- ------------------------------------------------------------------- data

-- Eleven real users on both sides.
insert into auth.users (id)
select md5('user-' || g)::uuid from generate_series(1, 11) g;

insert into public.user_profiles (id, email, display_name, language, credits_balance)
select md5('user-' || g)::uuid,
       'user' || g || '@icraft.example',
       'User ' || g,
       case when g % 3 = 0 then 'es' else 'en' end,
       50 + g * 5
  from generate_series(1, 11) g;

insert into public.teams (id, name, owner_id, credits_balance)
select md5('team-' || g)::uuid, 'Team ' || g, md5('user-' || g)::uuid, 100 * g
  from generate_series(1, 3) g;

insert into public.team_invitations (team_id, email, invited_by, status)
select md5('team-' || (g % 3 + 1))::uuid,
       'invitee' || g || '@icraft.example',
       md5('user-' || (g % 3 + 1))::uuid,
       case when g = 4 then 'accepted' else 'pending' end
  from generate_series(1, 4) g;

insert into public.stories (id, user_id, title, original_user_id, last_modified_by)
select md5('story-' || g)::uuid,
       md5('user-' || (g % 11 + 1))::uuid,
       'Story number ' || g,
       md5('user-' || (g % 11 + 1))::uuid,
       md5('user-' || (g % 11 + 1))::uuid
  from generate_series(1, 5) g;

insert into public.subscriptions (user_id, stripe_subscription_id, plan_id, status,
                                  current_period_end)
values (md5('user-1')::uuid, 'sub_live_0001', 'pro_monthly', 'active',
        timestamptz '2025-11-01 00:00:00+00');

insert into public.webhook_events (event_type, stripe_event_id, processed)
select case g % 3 when 0 then 'invoice.paid'
                  when 1 then 'customer.subscription.updated'
                  else 'checkout.session.completed' end,
       'evt_shared_' || lpad(g::text, 4, '0'),
       g % 2 = 0
  from generate_series(1, 6) g;

insert into public.activities (user_id, action, metadata)
select md5('user-' || (g % 11 + 1))::uuid, 'story_viewed',
       jsonb_build_object('n', g)
  from generate_series(1, 8) g;

insert into public.credit_transactions (user_id, amount, transaction_type, description)
select md5('user-' || (g % 11 + 1))::uuid,
       case when g % 4 = 0 then -5 else 25 end,
       case when g % 4 = 0 then 'usage' else 'allocation' end,
       'shared transaction ' || g
  from generate_series(1, 10) g;
