create table holder (a int);
create sequence s_increment increment by 1;
create sequence s_start start with 1;
create sequence s_min_value minvalue 1 start with 5;
create sequence s_max_value maxvalue 100;
create sequence s_cache cache 1;
create sequence s_cycle cycle;
create sequence s_data_type as integer maxvalue 1000;
create sequence s_owned_by owned by holder.a;
