-- Versions of the daily rollups, so that the API can keep the answers of days nobody has written to since
-- (RollupReader's cache of past days) and read only the days that changed — typically today.
--
-- Maintained by triggers, not by the writer, so that every writer is covered (the rollup writer, an operator's
-- correction, a test loading rows): each statement that inserts, updates or deletes rows of a daily table bumps
-- the version of every day it touched, in the same transaction. A cached day is reused only while its version
-- (and the dimension version) is the one read before the day's rows were read: a change committed after that
-- read has a higher version, so at worst a day is read again, never served stale.
CREATE TABLE day_version (
    day      date PRIMARY KEY,
    version  bigint NOT NULL
);

-- Registrations (use case, risk class, manufacturer, power, country) and the site register (site type) classify
-- rollup rows at query time: any change to them invalidates every cached day.
CREATE TABLE dimension_version (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    version  bigint NOT NULL
);
INSERT INTO dimension_version (version) VALUES (0);

CREATE FUNCTION bump_day_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO observatory.day_version AS v (day, version)
    SELECT DISTINCT (c.bucket AT TIME ZONE 'UTC')::date, 1 FROM changed_rows c ORDER BY 1
    ON CONFLICT (day) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END $$;

CREATE FUNCTION bump_dimension_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' OR EXISTS (SELECT 1 FROM changed_rows) THEN
        UPDATE observatory.dimension_version SET version = version + 1;
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    -- A trigger with a transition table takes one event: three per table. TRUNCATE forgets every day.
    FOREACH t IN ARRAY ARRAY['inference_day', 'usage_day', 'feedback_day', 'latency_day'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_versions_ins AFTER INSERT ON observatory.%1$s REFERENCING NEW TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION observatory.bump_day_versions()', t);
        EXECUTE format('CREATE TRIGGER %1$s_versions_upd AFTER UPDATE ON observatory.%1$s REFERENCING NEW TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION observatory.bump_day_versions()', t);
        EXECUTE format('CREATE TRIGGER %1$s_versions_del AFTER DELETE ON observatory.%1$s REFERENCING OLD TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION observatory.bump_day_versions()', t);
        EXECUTE format('CREATE TRIGGER %1$s_versions_trunc AFTER TRUNCATE ON observatory.%1$s'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION observatory.bump_dimension_version()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['device_version', 'site'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_versions_ins AFTER INSERT ON observatory.%1$s REFERENCING NEW TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION observatory.bump_dimension_version()', t);
        EXECUTE format('CREATE TRIGGER %1$s_versions_upd AFTER UPDATE ON observatory.%1$s REFERENCING NEW TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION observatory.bump_dimension_version()', t);
        EXECUTE format('CREATE TRIGGER %1$s_versions_del AFTER DELETE ON observatory.%1$s REFERENCING OLD TABLE AS changed_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION observatory.bump_dimension_version()', t);
        EXECUTE format('CREATE TRIGGER %1$s_versions_trunc AFTER TRUNCATE ON observatory.%1$s'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION observatory.bump_dimension_version()', t);
    END LOOP;
END $$;

-- Energy and adoption for Grafana were live views over 30 days of rollups (120–200 ms a query): materialized
-- like the daily counts, refreshed with them (ViewRefresh), so a panel reads the refreshed rows by index.
ALTER VIEW observatory_views.daily_energy SET SCHEMA observatory;
ALTER VIEW observatory.daily_energy RENAME TO daily_energy_live;
CREATE MATERIALIZED VIEW observatory_views.daily_energy AS SELECT * FROM observatory.daily_energy_live;
CREATE UNIQUE INDEX daily_energy_key ON observatory_views.daily_energy (day, device_id, model_version);

ALTER VIEW observatory_views.daily_adoption SET SCHEMA observatory;
ALTER VIEW observatory.daily_adoption RENAME TO daily_adoption_live;
CREATE MATERIALIZED VIEW observatory_views.daily_adoption AS SELECT * FROM observatory.daily_adoption_live;
-- Grouping sets give NULL region / use case for the margins: NULLS NOT DISTINCT (PostgreSQL 15) keeps the key unique.
CREATE UNIQUE INDEX daily_adoption_key ON observatory_views.daily_adoption (day, region, use_case) NULLS NOT DISTINCT;

GRANT SELECT ON observatory_views.daily_energy, observatory_views.daily_adoption TO vigie_grafana;
