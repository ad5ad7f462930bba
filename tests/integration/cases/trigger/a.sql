create table tg (a int);
create function trg_fn() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger trg_definition before insert on tg for each row execute function trg_fn();
create trigger trg_enabled before insert on tg for each row execute function trg_fn();
alter table tg disable trigger trg_enabled;
create trigger trg_only_a after delete on tg for each statement execute function trg_fn();
