-- A superuser of this case's own (an event trigger's owner must be one); made
-- idempotently: roles are shared by the whole cluster, never dropped here.
do $$ begin
  create role dbparity_event_trigger_owner nologin superuser;
exception when duplicate_object or unique_violation then null;
end $$;
create schema "Evt Schema";
create function public.evt_noop() returns event_trigger language plpgsql as $$ begin end $$;
create function "Evt Schema"."Other Fn"() returns event_trigger language plpgsql
  as $$ begin end $$;
-- The same on both sides: no finding (tags given in another order in B).
create event trigger "Same Évt" on ddl_command_end
  when tag in ('DROP TABLE', 'CREATE TABLE') execute function public.evt_noop();
create event trigger "evt.event" on ddl_command_start execute function public.evt_noop();
create event trigger "evt ""function""" on ddl_command_end execute function public.evt_noop();
create event trigger "évt_tags" on ddl_command_start
  when tag in ('CREATE TABLE', 'ALTER TABLE') execute function public.evt_noop();
create event trigger "select" on sql_drop execute function public.evt_noop();
alter event trigger "select" disable;
create event trigger "EvtOwner" on table_rewrite execute function public.evt_noop();
alter event trigger "EvtOwner" owner to postgres;
create event trigger evt_comment on ddl_command_end execute function public.evt_noop();
comment on event trigger evt_comment is 'fires after DDL';
create event trigger "evt only a" on ddl_command_start execute function "Evt Schema"."Other Fn"();
-- Its function lies in a schema outside the read scope: compared all the same.
create schema extensions;
create function extensions.platform_watch() returns event_trigger language plpgsql
  as $$ begin end $$;
create event trigger platform_only_a on ddl_command_end
  execute function extensions.platform_watch();
