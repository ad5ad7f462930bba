create table parent (id int primary key, code int unique, alt int unique);
create table parent2 (id int primary key);
create table child (a int, b int);
alter table child
  add constraint fk_columns foreign key (a) references parent (id),
  add constraint fk_ref_table foreign key (a) references parent (id),
  add constraint fk_ref_columns foreign key (a) references parent (code),
  add constraint fk_on_delete foreign key (a) references parent (id) on delete cascade,
  add constraint fk_on_update foreign key (a) references parent (id) on update set null,
  add constraint fk_deferrable foreign key (a) references parent (id) deferrable,
  add constraint fk_initially_deferred foreign key (a) references parent (id)
    deferrable initially deferred,
  add constraint fk_validated foreign key (a) references parent (id),
  add constraint fk_only_a foreign key (b) references parent2 (id);
