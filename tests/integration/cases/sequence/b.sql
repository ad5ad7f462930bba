create table holder (a int);
create sequence s_increment increment by 2;
create sequence s_start start with 10;
create sequence s_min_value minvalue 0 start with 5;
create sequence s_max_value maxvalue 1000;
create sequence s_cache cache 20;
create sequence s_cycle no cycle;
create sequence s_data_type as bigint maxvalue 1000;
create sequence s_owned_by;
