-- The same, but one partition is detached: a plain table with the same parts.
create table ref ("Id" int primary key);
create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
create table "Events" (
  id int not null,
  at date not null,
  ref_id int references ref ("Id"),
  note text default 'n' check (note <> ''),
  primary key (id, at)
) partition by range (at);
create index "Events_note" on "Events" (note);
create trigger "Events touch" before insert on "Events" for each row execute function touch();
create table "Events 2024" partition of "Events" for values from ('2024-01-01') to ('2025-01-01');
-- detached: the same table, no longer a partition
create table "Events 2025" partition of "Events" for values from ('2025-01-01') to ('2026-01-01');
alter table "Events" detach partition "Events 2025";
-- and it lost the index it had from the parent
drop index "Events 2025_note_idx";
-- the trigger clone went with the detach; the table has its own of that name
create trigger "Events touch" before insert on "Events 2025" for each row execute function touch();
