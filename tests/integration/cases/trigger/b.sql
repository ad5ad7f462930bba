create table tg (a int);
create function trg_fn() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger trg_definition before update on tg for each row execute function trg_fn();
create trigger trg_enabled before insert on tg for each row execute function trg_fn();
