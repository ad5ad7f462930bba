-- icraft prod: what production did on top of the shared schema (common.sql).
--
-- Production hardened security (row level security on every table, foreign keys,
-- pinned search_path), consolidated the webhook procedures and imported the
-- custom image library; it never ran the experimental non-prod migrations.

set client_min_messages = warning;

-- ------------------------------------------------------------- extensions

create extension hstore schema extensions version '1.8';
create extension citext schema extensions version '1.6';
create extension cube schema extensions;                 -- stands in for pgvector

-- ---------------------------------------------------------------- columns

alter table public.user_profiles alter column language set default 'en';
alter table public.user_profiles alter column credits_balance set default 10;

alter table public.team_invitations
  add column invited_user_id text,
  add column token text unique default encode(extensions.gen_random_bytes(24), 'hex'),
  add column updated_at timestamptz not null default now();

alter table public.gen_ai_details
  add column generation_type text not null default 'story',
  add column prompt text,
  add column model_used text,
  add column settings jsonb not null default '{}'::jsonb;

alter table public.subscription_events
  add column subscription_id text,
  add column user_id uuid;

alter table public.reconciliation_jobs
  add column discrepancies_found integer not null default 0,
  add column error_message text;

alter table public.consistency_violations
  add column expected_state jsonb,
  add column actual_state jsonb,
  add column resolved boolean not null default false,
  add column resolution_notes text;

alter table public.webhook_idempotency
  add column response_status integer,
  add column response_body text;

alter table public.custom_images add column embedding extensions.cube;

-- ------------------------------------------------------------ foreign keys

alter table public.stories
  add constraint stories_original_user_id_fkey foreign key (original_user_id)
    references public.user_profiles (id) on delete set null,
  add constraint stories_last_modified_by_fkey foreign key (last_modified_by)
    references public.user_profiles (id) on delete set null;

alter table public.gen_ai_details
  add constraint gen_ai_details_story_id_fkey foreign key (story_id)
    references public.stories (id) on delete cascade;

-- ---------------------------------------------------- row level security

alter table public.user_profiles enable row level security;
alter table public.stories enable row level security;
alter table public.credit_transactions force row level security;

create policy "Published community stories are public" on public.community_stories
  for select to anon, authenticated
  using (is_published and published_at <= now());

create policy "Categories are readable by everyone" on public.categories
  for select to anon, authenticated using (true);

create policy "Active custom images are readable" on public.custom_images
  for select to anon, authenticated using (is_active);

-- -------------------------------------------------------------- functions

create function public.get_current_user_id() returns text
language sql stable
as $fn$
  select auth.uid()::text
$fn$;

create function public.check_missed_webhooks() returns jsonb
language plpgsql stable
as $fn$
declare
  v_missed integer;
begin
  select count(*) into v_missed
    from public.webhook_events e
   where not e.processed
     and e.created_at < now() - interval '1 hour';
  return jsonb_build_object('missed', v_missed, 'checked_at', now());
end;
$fn$;

create function public.remove_story_from_team(p_story_id uuid, p_user_id text)
returns boolean
language plpgsql security definer
set search_path = ''
as $fn$
begin
  update public.stories
     set team_id = null, last_modified_by = p_user_id::uuid
   where id = p_story_id and user_id = p_user_id::uuid;
  return found;
end;
$fn$;

create function public.process_credit_purchase_webhook(
  p_webhook_event_id uuid,
  p_user_id uuid,
  p_payment_data jsonb,
  p_credits_purchased integer
) returns jsonb
language plpgsql security definer
set search_path = ''
as $fn$
declare
  v_balance integer;
begin
  insert into public.credit_transactions (user_id, amount, transaction_type, description)
  values (p_user_id, p_credits_purchased, 'purchase',
          'Stripe payment ' || coalesce(p_payment_data ->> 'payment_intent', '?'));
  update public.user_profiles
     set credits_balance = credits_balance + p_credits_purchased
   where id = p_user_id
  returning credits_balance into v_balance;
  update public.webhook_events
     set processed = true, processed_at = now()
   where id = p_webhook_event_id;
  return jsonb_build_object('success', true, 'balance', v_balance);
end;
$fn$;

-- Production pins search_path on this SECURITY DEFINER function; non-prod forgot.
create function public.allocate_monthly_credits(p_user_id uuid, p_amount integer)
returns void
language plpgsql security definer
set search_path = ''
as $fn$
begin
  insert into public.credit_transactions (user_id, amount, transaction_type, description)
  values (p_user_id, p_amount, 'allocation', 'monthly allocation');
  update public.user_profiles
     set credits_balance = credits_balance + p_amount
   where id = p_user_id;
end;
$fn$;

-- Same tokens as in non-prod: only layout and comments differ.
create function public.calculate_user_credits(p_user_id uuid) returns integer
language plpgsql stable
as $fn$
declare
  v_total integer;
begin
  -- The balance column is a cache; the ledger is the truth.
  select coalesce(sum(amount), 0)
    into v_total
    from public.credit_transactions
   where user_id = p_user_id;
  return v_total;
end;
$fn$;

-- Replaced generate_title_from_filename in production.
create function public.generate_english_title(p_r2_key text) returns text
language sql immutable
as $fn$
  select initcap(regexp_replace(
    regexp_replace(p_r2_key, '^.*/|\.[a-z0-9]+$', '', 'gi'),
    '[-_]+', ' ', 'g'))
$fn$;

-- ------------------------------------------------------------------ data

insert into public.categories (slug, name, sort_order)
select 'category-' || g, 'Category ' || g, g
  from generate_series(1, 16) g;

insert into public.custom_images (r2_key, title, category_id, tags, embedding)
select 'library/' || (g % 16 + 1) || '/image-' || g || '.png',
       'Image ' || g,
       (select id from public.categories order by id offset (g % 16) limit 1),
       array['library', 'batch-' || (g % 8)],
       extensions.cube(array[g % 7, g % 11, g % 13]::float8[])
  from generate_series(1, 300) g;

insert into public.gen_ai_details (story_id, user_id, generation_type, prompt, model_used)
select md5('story-' || g)::uuid, md5('user-' || (g % 11 + 1))::uuid,
       'story', 'A bedtime story about ' || g || ' dragons', 'gpt-4o-mini'
  from generate_series(1, 2) g;

-- ----------------------------------------------------------------- history

insert into supabase_migrations.schema_migrations (version, name, statements) values
  ('20250605083723', 'add_missing_story_fields',
   array['alter table public.stories add column last_modified_by uuid']),
  ('20250605090551', 'create_get_paginated_community_stories_function',
   array['create function public.get_paginated_community_stories(...)']),
  ('20250605090659', 'update_community_stories_schema',
   array['alter table public.community_stories add column sort_order integer']),
  ('20250610022435', 'create_credit_transfers_table',
   array['create table public.credit_transfers (...)']),
  ('20250610022909', 'update_credit_transfer_validation',
   array['create or replace function public.validate_credit_transfer(...)']),
  ('20250610120444', 'setup_team_invitations_complete',
   array['alter table public.team_invitations add column token text unique']),
  ('20250731054832', 'webhook_infrastructure_consolidated',
   array['create table public.webhook_idempotency (...)',
         'create function public.process_credit_purchase_webhook(...)']),
  ('20250731061015', 'subscription_procedures_consolidated',
   array['create function public.allocate_monthly_credits(...)']),
  ('20250905101200', 'import_custom_images',
   array['insert into public.custom_images ...']),
  ('20250913091500', 'improve_text_search_for_special_chars',
   array['create index stories_title_trgm_idx ...']),
  ('20250913094200', 'revert_to_original_vector_search',
   array['alter table public.custom_images add column embedding extensions.cube']),
  ('20251007044651', 'add_english_title_generation',
   array['create function public.generate_english_title(p_r2_key text)']);

analyze;
