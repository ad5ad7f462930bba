-- Roles of this case (cluster-wide, shared with other runs): created once.
do $$ begin
  create role "dbparity_setting Rôle ""x"".y" nologin;
exception when duplicate_object or unique_violation then null;
end $$;
do $$ begin
  create role dbparity_setting_b nologin;
exception when duplicate_object or unique_violation then null;
end $$;
-- Settings of this database (its name is not known in advance).
do $$ begin
  execute format('alter database %I set search_path = "$user", public, "We ird"', current_database());
  execute format('alter database %I set statement_timeout = ''5s''', current_database());
  execute format('alter database %I set pgrst.db_schemas = ''public, api''', current_database());
  execute format('alter database %I set app.jwt_secret = ''dbparity-hidden-value-A-7f3a9c''', current_database());
  execute format('alter database %I set app."MixedCase" = ''it''''s ✓ ünï''', current_database());
  execute format('alter role "dbparity_setting Rôle ""x"".y" in database %I set lock_timeout = ''1s''', current_database());
end $$;
