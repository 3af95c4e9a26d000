-- Consent ledger, schema version 2, for PostgreSQL 12 and later, subject-partitioned variant: the same as
-- ../postgresql/V2__relay.sql, since the relays' tables are not per subject. The state of relays
-- (dev.consent.relay.Relay) that deliver the ledger's changes to other systems. ${prefix} is the configured
-- table prefix. Applied after V1, by SchemaMode.MIGRATE with partitionedBySubject() or by an application's own
-- migration tool; it records its version like V1 does.

-- One row per relay name: the checkpoint (the last position delivered or dead-lettered) and the lease that
-- lets one instance of the relay deliver at a time. Times are epoch milliseconds from the relays' clocks.
CREATE TABLE ${prefix}relay (
    relay_name VARCHAR(100) NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL,
    lease_owner VARCHAR(255),
    lease_until BIGINT NOT NULL
);

-- Changes a relay gave up on after its configured attempts, with the last error; re-drivable.
CREATE TABLE ${prefix}relay_dead_letter (
    relay_name VARCHAR(100) NOT NULL,
    position BIGINT NOT NULL,
    record_id CHAR(36) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    attempts INT NOT NULL,
    error TEXT NOT NULL,
    payload TEXT NOT NULL,
    failed_at BIGINT NOT NULL,
    CONSTRAINT ${prefix}relay_dead_letter_pk PRIMARY KEY (relay_name, position)
);

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (2, 'relay', CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT));
