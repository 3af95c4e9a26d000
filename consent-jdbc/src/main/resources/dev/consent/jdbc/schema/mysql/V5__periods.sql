-- Consent ledger, schema version 5, for MySQL 8.0.17 and later (the MariaDB script with MySQL's collation, see
-- V1): calendar periods. ${prefix} is the configured table prefix. Applied after V4, by an application's own
-- migration tool; it records its version like V1 does.

-- A purpose's maximum age as a calendar period (ISO-8601, such as P13M), added to the grant's instant in UTC.
-- NULL when the purpose has none, or has an exact duration in max_age_ms (every version stored before keeps it).
ALTER TABLE ${prefix}purpose ADD COLUMN max_age_period VARCHAR(32);

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (5, 'periods', CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED));
