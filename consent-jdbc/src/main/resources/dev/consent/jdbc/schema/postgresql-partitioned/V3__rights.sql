-- Consent ledger, schema version 3, for PostgreSQL 12 and later, subject-partitioned variant (see V1): what the
-- data-subject rights need. ${prefix} is the configured table prefix. Applied after V2, by SchemaMode.MIGRATE
-- with partitionedBySubject() or by an application's own migration tool; it records its version like V1 does.

-- Links from an anonymous visitor id to an account id (ConsentLedger.link). The visitor's decisions carried
-- over are ordinary records of the account, with interaction_id; a link is stored once per key. Times are
-- epoch milliseconds. A link names two subjects: it is partitioned by the account's, beside the account's
-- records, so a read by account stays in one partition; a read by the anonymous id (the key leads with it)
-- looks into each partition's key index.
CREATE TABLE ${prefix}subject_link (
    anonymous_id VARCHAR(255) NOT NULL,
    account_id VARCHAR(255) NOT NULL,
    interaction_id VARCHAR(255) NOT NULL,
    linked_at BIGINT NOT NULL,
    CONSTRAINT ${prefix}subject_link_pk PRIMARY KEY (anonymous_id, account_id, interaction_id)
) PARTITION BY HASH (account_id);

CREATE INDEX ${prefix}subject_link_account_ix ON ${prefix}subject_link (account_id);

CREATE TABLE ${prefix}subject_link_p0 PARTITION OF ${prefix}subject_link FOR VALUES WITH (MODULUS 8, REMAINDER 0);

CREATE TABLE ${prefix}subject_link_p1 PARTITION OF ${prefix}subject_link FOR VALUES WITH (MODULUS 8, REMAINDER 1);

CREATE TABLE ${prefix}subject_link_p2 PARTITION OF ${prefix}subject_link FOR VALUES WITH (MODULUS 8, REMAINDER 2);

CREATE TABLE ${prefix}subject_link_p3 PARTITION OF ${prefix}subject_link FOR VALUES WITH (MODULUS 8, REMAINDER 3);

CREATE TABLE ${prefix}subject_link_p4 PARTITION OF ${prefix}subject_link FOR VALUES WITH (MODULUS 8, REMAINDER 4);

CREATE TABLE ${prefix}subject_link_p5 PARTITION OF ${prefix}subject_link FOR VALUES WITH (MODULUS 8, REMAINDER 5);

CREATE TABLE ${prefix}subject_link_p6 PARTITION OF ${prefix}subject_link FOR VALUES WITH (MODULUS 8, REMAINDER 6);

CREATE TABLE ${prefix}subject_link_p7 PARTITION OF ${prefix}subject_link FOR VALUES WITH (MODULUS 8, REMAINDER 7);

-- The erasure records in ledger order, for the tombstone list (ConsentLedger.tombstones) and the erasure count
-- of a transparency report, without reading the whole ledger: records by action, then position (an index on
-- each partition, read merged in position order).
CREATE INDEX ${prefix}record_action_ix ON ${prefix}record (action, position);

-- What a consent receipt states about a purpose: its category, and the categories of personal data and of
-- special (sensitive) personal data it processes, as JSON arrays of strings. NULL in versions stored before.
ALTER TABLE ${prefix}purpose ADD COLUMN category VARCHAR(255);

ALTER TABLE ${prefix}purpose ADD COLUMN pii_categories TEXT;

ALTER TABLE ${prefix}purpose ADD COLUMN sensitive_categories TEXT;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (3, 'rights', CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT));
