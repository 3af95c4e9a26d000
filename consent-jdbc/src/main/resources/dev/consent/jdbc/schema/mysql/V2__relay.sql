-- Consent ledger, schema version 2, for MySQL 8.0.17 and later (the MariaDB script with MySQL's collation, see
-- V1): the state of relays (dev.consent.relay.Relay) that deliver the ledger's changes to other systems. ${prefix}
-- is the configured table prefix. Applied after V1, by an application's own migration tool (SchemaMode.MIGRATE
-- applies the MariaDB scripts); it records its version like V1 does.

-- One row per relay name: the checkpoint (the last position delivered or dead-lettered) and the lease that
-- lets one instance of the relay deliver at a time. Times are epoch milliseconds from the relays' clocks.
CREATE TABLE ${prefix}relay (
    relay_name VARCHAR(100) NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL,
    lease_owner VARCHAR(255),
    lease_until BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

-- Changes a relay gave up on after its configured attempts, with the last error; re-drivable.
CREATE TABLE ${prefix}relay_dead_letter (
    relay_name VARCHAR(100) NOT NULL,
    position BIGINT NOT NULL,
    record_id CHAR(36) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    attempts INT NOT NULL,
    error MEDIUMTEXT NOT NULL,
    payload MEDIUMTEXT NOT NULL,
    failed_at BIGINT NOT NULL,
    CONSTRAINT ${prefix}relay_dead_letter_pk PRIMARY KEY (relay_name, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (2, 'relay', CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED));
