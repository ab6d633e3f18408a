-- placeholder so Flyway owns the schema from the first release
select 1;
