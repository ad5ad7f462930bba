-- A partition with every part it has from its parent: columns, a key, a foreign
-- key, a check, an index and a trigger (identifiers with capitals and spaces).
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
create table "Events 2025" partition of "Events" for values from ('2025-01-01') to ('2026-01-01');
