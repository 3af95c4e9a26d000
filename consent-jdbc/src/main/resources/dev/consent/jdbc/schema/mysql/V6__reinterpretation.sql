-- Consent ledger, schema version 6, for MySQL 8.0.17 and later (the MariaDB script with MySQL's collation, see
-- V1): the registry's events (invalidations of grants and their lifts). ${prefix} is the configured table prefix.
-- Applied after V5, by an application's own migration tool; it records its version like V1 does.

-- The registry events (dev.consent.spi.RegistryEvent, PurposeRegistry.invalidate and lift): append-only; the
-- library's SQL never updates or deletes a row. event_kind is INVALIDATED or LIFTED; the key is the
-- invalidation and kind, so an invalidation is lifted at most once, also when two nodes lift it at the same
-- moment (the loser fails on the key and writes nothing). The filter columns (purpose_id, collection_point,
-- notice_version, recorded_from, recorded_until: null where not given) are set for INVALIDATED only.
-- recorded_at is the event's time and the bounds are the window of record times, all epoch milliseconds.
-- grants_matched is how many grant records the filter selected when the invalidation was recorded.
CREATE TABLE ${prefix}registry_event (
    invalidation_id CHAR(36) NOT NULL,
    event_kind VARCHAR(32) NOT NULL,
    recorded_at BIGINT NOT NULL,
    actor_type VARCHAR(32) NOT NULL,
    actor_id VARCHAR(255),
    actor_authority VARCHAR(255),
    reason TEXT NOT NULL,
    purpose_id VARCHAR(100),
    collection_point VARCHAR(255),
    notice_version VARCHAR(255),
    recorded_from BIGINT,
    recorded_until BIGINT,
    grants_matched BIGINT NOT NULL,
    CONSTRAINT ${prefix}registry_event_pk PRIMARY KEY (invalidation_id, event_kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (6, 'reinterpretation', CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED));
