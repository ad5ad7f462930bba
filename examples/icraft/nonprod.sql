-- icraft non-prod: what the non-production project did on top of the shared
-- schema (common.sql).
--
-- Non-prod ran the experimental migrations (legacy structural upgrade, webhook
-- infrastructure, vector search, image batches), kept two deprecated tables, left
-- row level security off on two tables and carries a lot of test data.

set client_min_messages = warning;

-- ------------------------------------------------------------- extensions

create extension hstore schema extensions version '1.7';  -- one behind prod
create extension citext schema extensions version '1.5';  -- one behind prod
create extension cube schema public;                      -- pgvector stand-in, wrong schema

-- ---------------------------------------------------------------- columns

alter table public.user_profiles
  add constraint user_profiles_language_check
    check (language in ('en', 'es', 'es-419'));
alter table public.user_profiles alter column credits_balance set default 25;

alter table public.gen_ai_details
  add column story_params jsonb,
  add column story_response jsonb;

alter table public.categories add column updated_at timestamptz not null default now();

alter table public.subscription_events add column subscription_id uuid;

alter table public.reconciliation_jobs
  add column errors_found integer not null default 0,
  add column discrepancies_fixed integer not null default 0,
  add column error_details jsonb;

alter table public.consistency_violations
  add column local_state jsonb,
  add column stripe_state jsonb,
  add column discrepancy_details jsonb,
  add column resolved_by text,
  add column resolution_method text;

alter table public.webhook_idempotency
  add column operation_type text,
  add column operation_result jsonb,
  add column expires_at timestamptz not null default (now() + interval '24 hours');

alter table public.webhook_events add column updated_at timestamptz not null default now();
create trigger webhook_events_updated_at before update on public.webhook_events
  for each row execute function public.update_updated_at_column();

alter table public.custom_images add column embedding public.cube;

create index activities_created_at_idx on public.activities (created_at);

-- --------------------------------------------------------- deprecated tables

create table public.stories_original (like public.stories including all);
comment on table public.stories_original is 'This is a duplicate of stories';

create table public.community_stories_old (
  id uuid primary key default gen_random_uuid(),
  story_id uuid,
  title text not null,
  author_name text,
  likes_count integer not null default 0,
  created_at timestamptz not null default now()
);

-- ---------------------------------------------------- row level security

-- user_profiles and stories keep row level security off here (prod has it on).

create policy "Published community stories are public" on public.community_stories
  for select to anon, authenticated
  using (is_published);

create policy "Categories are readable by everyone" on public.categories
  for select to public using (true);

-- ----------------------------------------------------------------- grants

-- Added while debugging the profile page; never revoked.
grant select, update on public.user_profiles to anon;

-- -------------------------------------------------------------- functions

create function public.get_current_user_id() returns uuid
language sql stable
as $fn$
  select auth.uid()
$fn$;

create function public.check_missed_webhooks(hours_back integer default 24)
returns jsonb
language plpgsql stable
as $fn$
declare
  v_missed integer;
begin
  select count(*) into v_missed
    from public.webhook_events e
   where not e.processed
     and e.created_at < now() - make_interval(hours => hours_back);
  return jsonb_build_object('missed', v_missed, 'hours_back', hours_back,
                            'checked_at', now());
end;
$fn$;

create function public.remove_story_from_team(p_story_id uuid, p_user_id text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $fn$
begin
  update public.stories
     set team_id = null, last_modified_by = p_user_id::uuid
   where id = p_story_id and user_id = p_user_id::uuid;
  if not found then
    return jsonb_build_object('success', false, 'error', 'story not found');
  end if;
  return jsonb_build_object('success', true, 'story_id', p_story_id);
end;
$fn$;

create function public.process_credit_purchase_webhook(
  event_data jsonb,
  idempotency_key text,
  webhook_event_id uuid
) returns jsonb
language plpgsql security definer
set search_path = ''
as $fn$
declare
  v_user_id uuid := (event_data ->> 'user_id')::uuid;
  v_credits integer := (event_data ->> 'credits')::integer;
begin
  insert into public.webhook_idempotency (idempotency_key, webhook_event_id, operation_type)
  values (process_credit_purchase_webhook.idempotency_key,
          process_credit_purchase_webhook.webhook_event_id, 'credit_purchase')
  on conflict do nothing;
  if not found then
    return jsonb_build_object('success', true, 'duplicate', true);
  end if;
  insert into public.credit_transactions (user_id, amount, transaction_type, description)
  values (v_user_id, v_credits, 'purchase', 'Stripe payment');
  update public.user_profiles
     set credits_balance = credits_balance + v_credits
   where id = v_user_id;
  return jsonb_build_object('success', true, 'duplicate', false);
end;
$fn$;

-- Same as prod but without SET search_path: a SECURITY DEFINER hazard.
create function public.allocate_monthly_credits(p_user_id uuid, p_amount integer)
returns void
language plpgsql security definer
as $fn$
begin
  insert into public.credit_transactions (user_id, amount, transaction_type, description)
  values (p_user_id, p_amount, 'allocation', 'monthly allocation');
  update public.user_profiles
     set credits_balance = credits_balance + p_amount
   where id = p_user_id;
end;
$fn$;

-- Same tokens as in prod: only layout and comments differ.
create function public.calculate_user_credits(p_user_id uuid) returns integer
language plpgsql stable
as $fn$
DECLARE v_total integer;
BEGIN
  SELECT coalesce(sum(amount),0) INTO v_total FROM public.credit_transactions WHERE user_id = p_user_id;
  RETURN v_total;
END;
$fn$;

create function public.generate_title_from_filename(filename text) returns text
language sql immutable
as $fn$
  select initcap(replace(split_part(filename, '.', 1), '_', ' '))
$fn$;

-- ------------------------------------------------------------------ data

-- Test users.
insert into auth.users (id)
select md5('user-' || g)::uuid from generate_series(12, 60) g;

insert into public.user_profiles (id, email, display_name, language)
select md5('user-' || g)::uuid,
       'tester' || g || '@icraft.test',
       'Tester ' || g,
       (array['en', 'es', 'es-419'])[g % 3 + 1]
  from generate_series(12, 60) g;

insert into public.stories (user_id, title, visibility, content)
select md5('user-' || (g % 60 + 1))::uuid,
       'Draft story ' || g,
       (array['private', 'team', 'public'])[g % 3 + 1],
       jsonb_build_object('pages', g % 12 + 1)
  from generate_series(1, 120) g;

insert into public.community_stories (story_id, title, author_name, sort_order,
                                      likes_count, is_featured)
select s.id, s.title, 'Tester', row_number() over (order by s.title), 0, false
  from public.stories s
 where s.visibility = 'public';

insert into public.gen_ai_details (story_id, user_id, story_params, story_response)
select s.id, s.user_id,
       jsonb_build_object('age', 6, 'theme', 'dragons'),
       jsonb_build_object('status', 'ok')
  from public.stories s
 order by s.title
 limit 22;

insert into public.subscription_events (event_type, stripe_event_id, subscription_id,
                                        payload)
select case g % 2 when 0 then 'customer.subscription.created'
                  else 'customer.subscription.updated' end,
       'evt_test_' || lpad(g::text, 4, '0'),
       md5('subscription-' || (g % 5))::uuid,
       jsonb_build_object('test', true)
  from generate_series(1, 28) g;

insert into public.activities (user_id, story_id, action)
select md5('user-' || (g % 60 + 1))::uuid, null,
       (array['story_created', 'story_viewed', 'story_exported', 'login'])[g % 4 + 1]
  from generate_series(1, 392) g;

insert into public.credit_transactions (user_id, amount, transaction_type, description)
select md5('user-' || (g % 60 + 1))::uuid,
       case when g % 3 = 0 then -10 else 20 end,
       case when g % 3 = 0 then 'usage' else 'allocation' end,
       'test transaction ' || g
  from generate_series(1, 150) g;

-- ----------------------------------------------------------------- history

insert into supabase_migrations.schema_migrations (version, name, statements) values
  ('20250728084219', 'legacy_database_structural_upgrade',
   array['alter table public.stories add column original_user_id uuid']),
  ('20250728084234', 'add_activities_foreign_key_constraint',
   array['alter table public.activities add foreign key (user_id) ...']),
  ('20250730015513', 'add_timestamp_columns_to_subscriptions',
   array['alter table public.subscriptions add column current_period_end timestamptz']),
  ('20250730015554', 'fix_activities_foreign_key_constraints',
   array['alter table public.activities drop constraint ...']),
  ('20250730091713', 'add_stripe_stored_procedures',
   array['create function public.process_credit_purchase_webhook(...)']),
  ('20250730091930', 'add_missing_stripe_functions',
   array['create function public.check_missed_webhooks(hours_back integer)']),
  ('20250730091951', 'add_missing_core_functions',
   array['create function public.get_current_user_id() returns uuid ...']),
  ('20250730114019', 'standardize_get_user_subscription_details',
   array['create or replace function public.get_user_subscription_details(...)']),
  ('20250731054832', 'webhook_infrastructure',
   array['create table public.webhook_idempotency (...)']),
  ('20250731054925', 'atomic_subscription_procedures',
   array['create function public.allocate_monthly_credits(...)']),
  ('20250731055223', 'reconciliation_procedures',
   array['alter table public.reconciliation_jobs add column errors_found integer']),
  ('20250731065606', 'teams_credit_balance_integration',
   array['alter table public.teams add column credits_balance integer']),
  ('20250905093011', 'import_batch_16',
   array['-- custom image import batch 16 (empty in non-prod)']),
  ('20250905093145', 'import_batch_17',
   array['-- custom image import batch 17 (empty in non-prod)']),
  ('20250907120000', 'add_pgvector_embeddings',
   array['create extension cube', 'alter table public.custom_images add column embedding cube']),
  ('20250908101500', 'create_vector_search_function',
   array['create function public.search_custom_images(...)']),
  ('20250913083000', 'create_batch_update_embeddings_function',
   array['create function public.update_embeddings_batch(updates jsonb)']),
  ('20250917074500', 'fix_allocate_trial_credits_uuid_bug',
   array['create or replace function public.allocate_trial_credits(...)']),
  ('20251003112000', 'fix_scheduled_subscription_sync_null_constraint',
   array['alter table public.subscriptions alter column plan_id set not null']),
  ('20251005090000', 'fix_community_stories_sort_order',
   array['update public.community_stories set sort_order = ...']),
  ('20251007044535', 'fix_community_stories_sort_order_v2',
   array['update public.community_stories set sort_order = ...']);

analyze;
