do $$ begin
  create role dbparity_event_trigger_owner nologin superuser;
exception when duplicate_object or unique_violation then null;
end $$;
create schema "Evt Schema";
create function public.evt_noop() returns event_trigger language plpgsql as $$ begin end $$;
create function "Evt Schema"."Other Fn"() returns event_trigger language plpgsql
  as $$ begin end $$;
create event trigger "Same Évt" on ddl_command_end
  when tag in ('create table', 'drop table') execute function public.evt_noop();
create event trigger "evt.event" on ddl_command_end execute function public.evt_noop();
create event trigger "evt ""function""" on ddl_command_end
  execute function "Evt Schema"."Other Fn"();
create event trigger "évt_tags" on ddl_command_start
  when tag in ('ALTER TABLE') execute function public.evt_noop();
create event trigger "select" on sql_drop execute function public.evt_noop();
alter event trigger "select" enable always;
create event trigger "EvtOwner" on table_rewrite execute function public.evt_noop();
alter event trigger "EvtOwner" owner to dbparity_event_trigger_owner;
create event trigger evt_comment on ddl_command_end execute function public.evt_noop();
create event trigger "Evt Only B" on sql_drop execute function public.evt_noop();
alter event trigger "Evt Only B" enable replica;
