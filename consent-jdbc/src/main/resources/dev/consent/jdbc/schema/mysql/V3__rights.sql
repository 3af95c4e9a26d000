-- Consent ledger, schema version 3, for MySQL 8.0.17 and later (the MariaDB script with MySQL's collation, see
-- V1): what the data-subject rights need. ${prefix} is the configured table prefix. Applied after V2, by an
-- application's own migration tool; it records its version like V1 does.

-- Links from an anonymous visitor id to an account id (ConsentLedger.link). The visitor's decisions carried
-- over are ordinary records of the account, with interaction_id; a link is stored once per key. Times are
-- epoch milliseconds. Read by either subject: the key leads with anonymous_id, the index serves account_id.
CREATE TABLE ${prefix}subject_link (
    anonymous_id VARCHAR(255) NOT NULL,
    account_id VARCHAR(255) NOT NULL,
    interaction_id VARCHAR(255) NOT NULL,
    linked_at BIGINT NOT NULL,
    CONSTRAINT ${prefix}subject_link_pk PRIMARY KEY (anonymous_id, account_id, interaction_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

CREATE INDEX ${prefix}subject_link_account_ix ON ${prefix}subject_link (account_id);

-- The erasure records in ledger order, for the tombstone list (ConsentLedger.tombstones) and the erasure count
-- of a transparency report, without reading the whole ledger: records by action, then position.
CREATE INDEX ${prefix}record_action_ix ON ${prefix}record (action, position);

-- What a consent receipt states about a purpose: its category, and the categories of personal data and of
-- special (sensitive) personal data it processes, as JSON arrays of strings. NULL in versions stored before.
ALTER TABLE ${prefix}purpose ADD COLUMN category VARCHAR(255);

ALTER TABLE ${prefix}purpose ADD COLUMN pii_categories MEDIUMTEXT;

ALTER TABLE ${prefix}purpose ADD COLUMN sensitive_categories MEDIUMTEXT;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (3, 'rights', CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED));
