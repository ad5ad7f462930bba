do $$ begin
  create role "dbparity_setting Rôle ""x"".y" nologin;
exception when duplicate_object or unique_violation then null;
end $$;
do $$ begin
  create role dbparity_setting_b nologin;
exception when duplicate_object or unique_violation then null;
end $$;
do $$ begin
  execute format('alter database %I set search_path = public', current_database());
  execute format('alter database %I set statement_timeout = ''10s''', current_database());
  execute format('alter database %I set pgrst.db_schemas = ''public''', current_database());
  execute format('alter database %I set app.jwt_secret = ''dbparity-hidden-value-B-2c1d0e''', current_database());
  execute format('alter database %I set pgrst.db_anon_role = ''dbparity_anon''', current_database());
  execute format('alter role dbparity_setting_b in database %I set idle_session_timeout = ''1min''', current_database());
end $$;
